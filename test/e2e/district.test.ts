import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { RunningHost } from '../../electron/host/http-host';
import type { SettlementRecord } from '../../shared/ledger';
import { formatYuan, sumFen } from '../../shared/money';
import { startDistrictSimulator, type DistrictSimulator } from '../district/simulator';
import { outpatientBill, PEOPLE } from '../helpers/demo-bills';
import { inProcessClient } from '../helpers/client';
import { openDemoApp } from '../helpers/temp-app';
import { RENDERER_DIR, chromiumTool, openPage, signIn, startPageHost } from './browser';

const SHOTS = fileURLToPath(new URL('../../test-results/district', import.meta.url));
const CODE = 'H12345678901';
const KEY = 'e2e-district-key-0001';
const POLL = { timeout: 10_000 };

let app: ReturnType<typeof openDemoApp>;
let sim: DistrictSimulator;
let host: RunningHost;
let browser: Browser;
let page: Page;
const pageErrors: string[] = [];
const settled: SettlementRecord[] = [];

const text = async (testId: string) => (await page.getByTestId(testId).first().textContent()) ?? '';
const statusLine = () => text('district-status');
const shot = (name: string) => page.screenshot({ path: `${SHOTS}/${name}.png` });
const focusedTestId = () => page.evaluate(() => document.activeElement?.getAttribute('data-testid') ?? document.activeElement?.tagName);

const client = inProcessClient(() => app);

let requestNo = 0;
async function settle(personId: number): Promise<SettlementRecord> {
  const record = await client['settlement.settle']({ ...outpatientBill(personId), clientRequestId: `district-e2e-${++requestNo}` });
  settled.push(record);
  return record;
}

/** The centre holds every settlement exactly once. */
function expectExactlyOnceAtCentre(): void {
  const held = sim.accepted().map((r) => r.setl_id);
  expect([...held].sort()).toEqual(settled.map((s) => s.receiptNo).sort());
  expect(new Set(held).size).toBe(held.length);
}

beforeAll(async () => {
  if (!existsSync(`${RENDERER_DIR}/index.html`)) throw new Error('先运行 npx electron-vite build：out/renderer 不存在');
  mkdirSync(SHOTS, { recursive: true });
  app = openDemoApp({ district: { timeoutMs: 3_000, random: () => 0.5 } });
  // A hospital connecting for the first time: the demo database comes with the demo centre's settings.
  app.repos.settings.set('district', '');
  app.repos.settings.set('districtKey', '');
  sim = await startDistrictSimulator({ file: join(app.dataDir, 'district-centre.sqlite'), institutions: [{ code: CODE, key: KEY }] });
  host = await startPageHost(app);
  ({ browser, page } = await openPage(host.url, pageErrors));
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await host?.close();
  await sim?.close();
  app?.dispose();
});

chromiumTool.describe('医保上传 (F10) against the district simulator', () => {
  it('the information officer sees 未启用, and sets the connection up in 连接设置 (field errors first)', async () => {
    await signIn(page, 'zhaomin');
    await expect.poll(statusLine).toContain('未启用');
    const tabs = await page.locator('nav.tabs button').allTextContents();
    expect(tabs.some((t) => t.includes('F10') && t.includes('医保上传'))).toBe(true);
    await page.keyboard.press('F10');
    await page.getByTestId('district-screen').waitFor();
    // 信息员: 状态, 下载, 连接设置 — never 拒付处理 or 对账 (the main process refuses them to this role).
    expect(await page.locator('[data-testid^="district-tab-"]').allTextContents()).toEqual(['Alt+1 状态', 'Alt+2 下载', 'Alt+3 连接设置']);
    await expect.poll(() => text('fact-connection')).toContain('未启用');
    await expect.poll(focusedTestId).toBe('district-sync');

    await page.keyboard.press('Alt+3');
    await page.getByTestId('district-settings').waitFor();
    await expect.poll(focusedTestId).toBe('district-setting-enabled');
    expect(await text('district-settings')).toContain('签名密钥（未设置）');
    // From the keyboard: Space ticks 启用, Enter goes field to field.
    await page.keyboard.press('Space');
    await page.keyboard.press('Enter');
    expect(await focusedTestId()).toBe('district-setting-baseUrl');
    await page.keyboard.type(sim.url);
    await page.keyboard.press('Enter');
    await page.keyboard.type('H1234'); // too short
    await page.keyboard.press('Enter');
    await page.keyboard.type('青山镇卫生院');
    await page.keyboard.press('Enter');
    await page.keyboard.type('330102');
    await page.keyboard.press('Enter');
    expect(await focusedTestId()).toBe('district-setting-key');
    expect(await page.getByTestId('district-setting-key').getAttribute('type')).toBe('password');
    await page.keyboard.type(KEY);
    await page.keyboard.press('Enter');
    expect(await focusedTestId()).toBe('district-setting-caPem');
    await page.keyboard.type('not a certificate');
    await page.getByTestId('district-setting-batchSize').fill('abc');

    // Checked in the page first: a number that is not one never goes out.
    await page.keyboard.press('Alt+S');
    await expect.poll(() => text('district-settings')).toContain('每批条数应为整数');
    expect(await focusedTestId()).toBe('district-setting-batchSize');
    await page.getByTestId('district-setting-batchSize').fill('500');

    // The API's BAD_INPUT issues, each under its field; the first wrong field gets the focus.
    await page.keyboard.press('Alt+S');
    await expect.poll(() => text('district-settings')).toContain('定点医药机构编码应为 12 位字母或数字');
    expect(await text('district-settings')).toContain('CA 证书应为 PEM 格式');
    expect(await text('district-settings-outcome')).not.toBe('');
    expect(await focusedTestId()).toBe('district-setting-fixmedinsCode');
    expect(await client['district.settings']()).toMatchObject({ enabled: false, hasKey: false });
    await shot('01-settings-errors');

    await page.keyboard.press('Control+A');
    await page.keyboard.type(CODE);
    await page.getByTestId('district-setting-caPem').fill('');
    await page.keyboard.press('Alt+S');
    await expect.poll(() => text('district-settings-outcome')).toContain('医保中心连接设置已保存');
    expect(await client['district.settings']()).toEqual({
      enabled: true,
      baseUrl: sim.url,
      fixmedinsCode: CODE,
      fixmedinsName: '青山镇卫生院',
      admdvs: '330102',
      caPem: '',
      batchSize: 500,
      maxAgeSeconds: 60,
      hasKey: true,
    });
    // The key is never sent back: the field is empty again and says there is one.
    expect(await page.getByTestId('district-setting-key').inputValue()).toBe('');
    expect(await text('district-settings')).toContain('签名密钥（已设置）');
    await expect.poll(statusLine).toContain('从未成功');
    expect(await statusLine()).toContain('待上传 0 条');
    await shot('02-settings-saved');

    // Saving again with the key blank keeps the key.
    await page.getByTestId('district-setting-fixmedinsName').fill('青山镇中心卫生院');
    await page.keyboard.press('Alt+S');
    await expect.poll(async () => (await client['district.settings']()).fixmedinsName).toBe('青山镇中心卫生院');
    expect((await client['district.settings']()).hasKey).toBe(true);
    expect(pageErrors).toEqual([]);
  });

  it('the manager presses 立即上传: the centre rejects one record, the status line says so', async () => {
    const bad = await settle(PEOPLE.liDeming);
    await settle(PEOPLE.liuJianguo);
    await settle(PEOPLE.zhangGuilan);
    sim.rejectWhen((r) => (r.rec_type === '2207' && r.setlinfo.psn_cert_no === bad.person.idNumber ? '参保人身份待核实：身份证号与参保登记不符' : null));

    await page.reload();
    await signIn(page, 'chenjun');
    await expect.poll(statusLine).toContain('待上传 3 条');
    expect(await text('district-status-oldest')).toMatch(/^最久等待 \d+ (秒|分钟)$/);
    await page.keyboard.press('F10');
    await page.getByTestId('district-screen').waitFor();
    expect(await page.locator('[data-testid^="district-tab-"]').allTextContents()).toEqual(['Alt+1 状态', 'Alt+2 下载', 'Alt+3 拒付处理', 'Alt+4 对账']);
    await expect.poll(() => text('fact-waiting')).toBe('3 条');
    await shot('03-manager-before-upload');

    await page.keyboard.press('Alt+U');
    await expect.poll(() => text('district-sync-outcome'), POLL).toContain('上传完成');
    expect(await text('district-sync-outcome')).toContain('被拒待处理 1 条');
    await expect.poll(statusLine).toContain('待上传 0 条');
    expect(await text('district-status-rejected')).toBe('被拒待处理 1');
    expect(await statusLine()).toMatch(/上次成功 \d\d:\d\d/);
    expect(await text('fact-accepted')).toBe('2 条');
    expect(await text('fact-in-flight')).toBe('无');
    expect(sim.accepted()).toHaveLength(2);
    expect(await client['district.status']()).toMatchObject({ waiting: 0, rejectedOpen: 1, accepted: 2, lastError: null });
    await shot('04-uploaded-one-rejected');
  });

  it('下载 shows each download’s summary, and says when the centre has nothing', async () => {
    sim.setCatalogue('C-2026-11', [
      { code: 'FW9001', insurerCode: '001101000010000-110100009', name: '家庭医生签约服务费', kind: 'service', spec: '次', unit: '次', chargeClass: 'A', price: 1200, essential: 'none' },
    ]);
    await page.keyboard.press('Alt+2');
    await page.getByTestId('district-download-view').waitFor();
    await page.getByTestId('district-download-catalogue').click();
    await expect.poll(() => text('district-download-result'), POLL).toContain('目录');
    expect(await text('district-download-report-catalogue')).toContain('C-2026-11');
    expect(await text('district-download-report-catalogue')).toContain('新增 1 项');
    // The simulator holds no policy: the page says there is nothing to download.
    await page.getByTestId('district-download-policy').click();
    await expect.poll(() => text('district-download-result'), POLL).toContain('中心暂无结算政策可下载'); // newest first
    expect(await page.getByTestId('district-download-result').count()).toBe(2);
    expect(await text('district-download-report-catalogue')).toContain('新增 1 项'); // still in sight
    await shot('05-downloads');
    await page.keyboard.press('Alt+1');
    await expect.poll(() => text('fact-downloads')).toContain('C-2026-11');
    expect(await text('fact-downloads')).toContain('目录');
  });

  it('拒付处理: the rejected record is corrected and resubmitted with a note; the centre then holds it once', async () => {
    const bad = settled[0]!;
    await page.keyboard.press('Alt+3');
    await page.getByTestId('district-rejections-view').waitFor();
    await expect.poll(() => page.getByTestId('district-rejection').count()).toBe(1);
    const row = await text('district-rejection');
    expect(row).toContain(bad.receiptNo);
    expect(row).toContain('结算');
    expect(row).toContain(bad.person.name);
    expect(row).toContain(bad.businessDate);
    expect(row).toContain(formatYuan(bad.amounts.medfee_sumamt));
    expect(row).toContain('参保人身份待核实');
    await expect.poll(focusedTestId).toBe('district-resubmit');
    await shot('06-rejection-list');

    // Enter opens the form on the first field; a bad ID number and no note are refused, each under its field.
    await page.keyboard.press('Enter');
    await page.getByTestId('district-resubmit-form').waitFor();
    await expect.poll(focusedTestId).toBe('INPUT');
    await page.keyboard.type('123');
    await page.getByLabel('第 1 条明细更正后的医保编码').fill('CORRECTED-001');
    await page.getByTestId('district-rejection-submit').click();
    await expect.poll(() => text('district-resubmit-form')).toContain('身份证号应为 18 位');
    expect(await text('district-resubmit-form')).toContain('请写明处理说明（至少 2 个字）');
    await shot('07-resubmit-errors');

    // The centre has verified the person in the meantime: the rule goes, the ID number stays as it was.
    sim.clearRejectRules();
    await page.getByPlaceholder(bad.person.idNumber).focus();
    await page.keyboard.press('Escape'); // clears the field, does not close the form
    expect(await page.getByTestId('district-resubmit-form').count()).toBe(1);
    await page.getByPlaceholder('如：已与参保人核对身份证号').fill('已与中心核实参保身份，更正第 1 条医保编码');
    await page.getByPlaceholder('如：已与参保人核对身份证号').press('Enter');
    await expect.poll(() => text('district-rejection-done')).toContain(`收据号 ${bad.receiptNo} 已更正并重新提交`);
    await expect.poll(() => text('district-rejections-empty')).toContain('没有待处理的被拒记录');
    await expect.poll(statusLine).toContain('待上传 1 条');
    expect(await page.getByTestId('district-status-rejected').count()).toBe(0);

    // 含已处理: what was done, by whom, when.
    await page.getByTestId('district-include-handled').check();
    await expect.poll(() => page.getByTestId('district-rejection').count()).toBe(1);
    const handled = await text('district-rejection-action');
    expect(handled).toContain('已更正重新提交');
    expect(handled).toContain('已与中心核实参保身份');
    expect(handled).toContain('chenjun');
    expect(handled).toMatch(/\d{4}-\d{2}-\d{2} \d{2}:\d{2}/);
    await shot('08-rejection-handled');

    await page.keyboard.press('Alt+1');
    await page.keyboard.press('Alt+U');
    await expect.poll(() => text('district-sync-outcome'), POLL).toContain('待上传 0 条');
    await expect.poll(statusLine).toContain('待上传 0 条');
    expect(await page.getByTestId('district-status-rejected').count()).toBe(0);
    expectExactlyOnceAtCentre();
    const resubmitted = sim.accepted().find((r) => r.setl_id === bad.receiptNo)!.record;
    expect(resubmitted.resubmit_of).toBeTruthy();
    expect(resubmitted.rec_type === '2207' ? resubmitted.feedetail.find((l) => l.feedetl_sn === '1')?.hilist_code : null).toBe('CORRECTED-001');
    await shot('09-resubmitted-accepted');
  });

  it('对账 for this month: 一致, with the totals side by side', async () => {
    await page.keyboard.press('Alt+4');
    await page.getByTestId('district-reconcile-view').waitFor();
    await expect.poll(focusedTestId).toBe('INPUT');
    const today = settled[0]!.businessDate;
    expect(await page.getByLabel('开始日期').inputValue()).toBe(`${today.slice(0, 8)}01`);
    expect(await page.getByLabel('结束日期').inputValue()).toBe(today);
    await page.keyboard.press('Enter'); // to 结束日期
    await page.keyboard.press('Enter'); // runs it
    await expect.poll(() => text('district-reconcile-verdict'), POLL).toBe('一致');
    expect(await text('district-reconcile-summary')).toContain('对账一致：3 笔');
    expect(await page.locator('[data-testid^="district-total-"][data-differs="true"]').count()).toBe(0);
    const medfee = sumFen(settled.map((s) => s.amounts.medfee_sumamt));
    const cells = page.getByTestId('district-total-medfee_sumamt').locator('td');
    expect(await cells.nth(0).textContent()).toBe(formatYuan(medfee));
    expect(await cells.nth(1).textContent()).toBe(formatYuan(medfee));
    expect(await text('district-total-count')).toContain('3');
    expect(await text('district-reconcile-totals')).toContain('其他（兜底）');
    expect(await text('district-mismatches-none')).toBe('逐笔一致');
    await shot('10-reconciled');
    // Alt+P: the 对账单 as a PDF download.
    const download = page.waitForEvent('download');
    await page.keyboard.press('Alt+P');
    expect((await download).suggestedFilename()).toBe(`医保对账单-${today.slice(0, 8)}01至${today}.pdf`);
    await expect.poll(() => text('district-reconcile-pdf-done'), POLL).toContain('医保对账单');

    // A settlement not uploaded yet: the books differ, the cells and the receipt say where.
    const late = await settle(PEOPLE.sunLihua);
    await page.getByTestId('district-reconcile-run').click();
    await expect.poll(() => text('district-reconcile-verdict'), POLL).toBe('不一致');
    expect(await page.getByTestId('district-total-count').getAttribute('data-differs')).toBe('true');
    expect(await page.getByTestId('district-total-count').locator('td.district-diff').count()).toBe(3);
    expect(await page.getByTestId('district-mismatch').count()).toBe(1);
    const mismatch = await text('district-mismatch');
    expect(mismatch).toContain(late.receiptNo);
    expect(mismatch).toContain('中心缺');
    expect(mismatch).toContain('结算');
    expect(await text('district-reconcile-why')).toContain('1 笔尚未得到中心答复');
    await shot('11-reconcile-differs');
  });

  it('with the centre offline, 立即上传 says why in Chinese and the status line shows what waits', async () => {
    sim.setOffline(true);
    await page.keyboard.press('Alt+1');
    await page.keyboard.press('Alt+U');
    await expect.poll(() => text('district-sync-outcome'), POLL).toContain('上传未完成');
    const message = await text('district-sync-outcome');
    expect(message).toMatch(/医保中心/);
    expect(message).toContain('稍后自动重试');
    expect(await page.getByTestId('district-sync-outcome').getAttribute('role')).toBe('alert');
    await expect.poll(statusLine).toContain('待上传 1 条');
    expect(await text('district-status-error')).toMatch(/[\u4e00-\u9fff]/);
    expect(await page.getByTestId('district-status').getAttribute('class')).toContain('has-error');
    expect(await text('fact-in-flight')).toContain('1 条');
    expect(await text('fact-error')).toMatch(/医保中心/);
    expect(await text('fact-next-attempt')).toMatch(/\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}/);
    await shot('12-offline');

    sim.setOffline(false);
    await page.keyboard.press('Alt+U');
    await expect.poll(() => text('district-sync-outcome'), POLL).toContain('上传完成');
    await expect.poll(statusLine).toContain('待上传 0 条');
    expect(await page.getByTestId('district-status-error').count()).toBe(0);
    expectExactlyOnceAtCentre();

    await page.keyboard.press('Alt+4');
    await page.getByTestId('district-reconcile-run').click();
    await expect.poll(() => text('district-reconcile-verdict'), POLL).toBe('一致');
    expect(await text('district-reconcile-summary')).toContain('4 笔');
    const report = await client['district.reconcile']({ from: settled[0]!.businessDate, to: settled[0]!.businessDate });
    expect(report).toMatchObject({ totalsAgree: true, detailsAgree: true, pending: 0, rejected: 0 });
    await shot('13-back-online-reconciled');
  });

  it('提出异议: a disputed record stays out of the centre, and 对账 says why the books differ', async () => {
    const disputed = await settle(PEOPLE.chenZhiqiang);
    sim.rejectWhen((r) => (r.setl_id === disputed.receiptNo ? '超出门诊统筹支付范围' : null));
    await page.keyboard.press('Alt+1');
    await page.keyboard.press('Alt+U');
    await expect.poll(() => text('district-status-rejected'), POLL).toBe('被拒待处理 1');

    await page.keyboard.press('Alt+3');
    await expect.poll(() => page.getByTestId('district-rejection').count()).toBe(1);
    await page.getByTestId('district-dispute').click();
    await page.getByTestId('district-dispute-form').waitFor();
    await expect.poll(focusedTestId).toBe('INPUT');
    await page.keyboard.type('按区县政策属于支付范围，已书面申诉');
    await page.keyboard.press('Enter');
    await expect.poll(() => text('district-rejection-done')).toContain(`已对收据号 ${disputed.receiptNo} 提出异议`);
    await expect.poll(() => page.getByTestId('district-status-rejected').count()).toBe(0);
    await page.getByTestId('district-include-handled').check();
    await expect.poll(() => page.getByTestId('district-rejection').count()).toBe(2);
    expect(await page.getByTestId('district-rejection-action').allTextContents()).toEqual([
      expect.stringContaining('已更正重新提交'),
      expect.stringContaining('已提出异议：按区县政策属于支付范围'),
    ]);
    await shot('14-disputed');

    await page.keyboard.press('Alt+4');
    await page.getByTestId('district-reconcile-run').click();
    await expect.poll(() => text('district-reconcile-verdict'), POLL).toBe('不一致');
    expect(await text('district-reconcile-why')).toContain('1 笔被中心拒付');
    expect(sim.accepted().some((r) => r.setl_id === disputed.receiptNo)).toBe(false);
    expect(pageErrors).toEqual([]);
  });

  it('a cashier sees the status line but no 医保上传 tab', async () => {
    await page.reload();
    await signIn(page, 'zhangli');
    await expect.poll(statusLine).toContain('待上传 0 条');
    expect(await statusLine()).toMatch(/上次成功 \d\d:\d\d/);
    const tabs = await page.locator('nav.tabs button').allTextContents();
    expect(tabs.some((t) => t.includes('医保上传'))).toBe(false);
    expect(await page.getByTestId('district-screen').count()).toBe(0);
    await shot('15-cashier-status-line');
    expect(pageErrors).toEqual([]);
  });

  it('a cashier scans a 医保电子凭证: the centre says who it is (1101), an unknown one is refused in Chinese', async () => {
    const token = 'EC0A2B3C4D5E6F708192A3B4C5D6E7F8';
    sim.setRosterPerson(
      {
        psn_cert_no: '330102198001010018',
        psn_name: '周新民',
        gend: '1',
        brdy: '1980-01-01',
        insutype: '310',
        groups: [],
        card_no: null,
        certifications: [{ disease_code: 'M03900', disease_name: '高血压', valid_from: '2026-01-01', valid_to: '2028-12-31' }],
      },
      2026,
      {},
    );
    sim.setVoucher(token, '330102198001010018');
    // The demo's shift belongs to the test operator: close it so the cashier opens her own.
    await client['shift.close']({ counts: {}, note: '测试结束，不点钞' });
    await page.reload();
    await signIn(page, 'zhangli');
    await page.getByTestId('shift-open-form').waitFor();
    await page.keyboard.type('0');
    await page.keyboard.press('Enter');
    await expect.poll(focusedTestId).toBe('patient-input');

    // A scanner types the token and Enter, like a keyboard.
    await page.keyboard.type('EC0000000000000000000000DEADBEEF');
    await page.keyboard.press('Enter');
    await expect.poll(() => text('patient-error'), POLL).toContain('医保电子凭证无效或已过期');
    await page.keyboard.press('Escape');
    await page.keyboard.type(token);
    await page.keyboard.press('Enter');
    await expect.poll(() => text('patient-card'), POLL).toContain('周新民');
    expect(await text('patient-certs')).toContain('高血压');
    await shot('16-e-voucher');
    // The person is in the local roster now; the token is kept nowhere.
    const [person] = await client['people.find']({ query: '330102198001010018', limit: 1 });
    expect(person?.name).toBe('周新民');
    expect(JSON.stringify(app.db.prepare('SELECT details_json FROM audit_log').pluck().all())).not.toContain(token);
  });
});
