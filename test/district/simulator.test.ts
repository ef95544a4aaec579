import { createHmac } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  FIXMEDINS_HEADER,
  INFNO,
  SIGNATURE_HEADER,
  TXN_PATH,
  formatMsgid,
  platformTime,
  type AccMove,
  type RecordAmounts,
  type RefundRecord,
  type ResponseEnvelope,
  type SettlementRecord,
  type UploadBatchOutput,
  type UploadRecord,
} from '../../shared/district/protocol';
import { fen, ZERO_FEN, type Fen } from '../../shared/money';
import { startDistrictSimulator, type DistrictSimulator, type Institution } from './simulator';

const ADMVS = '370102';
const TOWNSHIP: Institution = { code: 'H37010200001', name: '东城乡卫生院', key: 'key-township' };
const NEIGHBOUR: Institution = { code: 'H37010200002', name: '西城乡卫生院', key: 'key-neighbour' };

let dir: string;
let sim: DistrictSimulator;
let draw = 0;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'district-sim-'));
  sim = await startDistrictSimulator({ file: join(dir, 'centre.sqlite3'), institutions: [TOWNSHIP, NEIGHBOUR], mdtrtareaAdmvs: ADMVS, random: () => draw });
});

afterEach(async () => {
  await sim.close();
  rmSync(dir, { recursive: true, force: true });
});

const hmac = (key: string, body: Buffer | string) => createHmac('sha256', key).update(body).digest('hex');

interface Answer<O> {
  status: number;
  text: string;
  body: ResponseEnvelope<O>;
}

/** A hand-rolled counter: builds envelopes, signs them, checks every response's signature. */
class Counter {
  private seq = 0;
  private outbox = 0;
  signNo: string | undefined;

  constructor(readonly inst: Institution) {}

  envelope(infno: string, input: unknown, msgid = this.nextMsgid()) {
    const now = new Date();
    return {
      infno,
      msgid,
      mdtrtarea_admvs: ADMVS,
      recer_sys_code: 'COUNTER',
      infver: 'V1.0',
      opter_type: '1',
      opter: 'system',
      opter_name: '上传程序',
      inf_time: platformTime(now),
      fixmedins_code: this.inst.code,
      fixmedins_name: this.inst.name,
      ...(infno === INFNO.signIn ? {} : { sign_no: this.signNo }),
      input,
    };
  }

  nextMsgid(): string {
    return formatMsgid(this.inst.code, new Date(), ++this.seq);
  }

  async post(body: string, key = this.inst.key): Promise<Response> {
    return fetch(sim.url + TXN_PATH, {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=utf-8', [FIXMEDINS_HEADER]: this.inst.code, [SIGNATURE_HEADER]: hmac(key, body) },
      body,
    });
  }

  async call<O = unknown>(infno: string, input: unknown, msgid?: string): Promise<Answer<O>> {
    const res = await this.post(JSON.stringify(this.envelope(infno, input, msgid)));
    const bytes = Buffer.from(await res.arrayBuffer());
    expect(res.headers.get(SIGNATURE_HEADER)).toBe(hmac(this.inst.key, bytes));
    const text = bytes.toString('utf8');
    return { status: res.status, text, body: JSON.parse(text) as ResponseEnvelope<O> };
  }

  async signIn(): Promise<string> {
    const { body } = await this.call<{ signinoutb: { sign_no: string } }>(INFNO.signIn, { signIn: { opter_no: 'system', mac: '00-11-22-33-44-55', ip: '10.0.0.2' } });
    this.signNo = body.output!.signinoutb.sign_no;
    return this.signNo;
  }

  uploadInput(records: UploadRecord[], msgid: string) {
    const amounts = records.map(amountsOf);
    return {
      batch: {
        batch_no: msgid,
        rec_cnt: records.length,
        medfee_sumamt: amounts.reduce((s, a) => s + a.medfee_sumamt, 0),
        fund_pay_sumamt: amounts.reduce((s, a) => s + a.fund_pay_sumamt, 0),
      },
      records,
    };
  }

  async upload(records: UploadRecord[], msgid = this.nextMsgid()) {
    return this.call<UploadBatchOutput>(INFNO.uploadBatch, this.uploadInput(records, msgid), msgid);
  }

  /** A plausible settlement of 50 yuan × `scale`: two lines, every invariant holding. */
  settlement(receipt: number, options: { date?: string; psn?: string; moves?: AccMove[]; scale?: number } = {}): SettlementRecord {
    const k = options.scale ?? 1;
    const scaled = (amount: number) => fen(amount * k);
    const setl_id = `01-${String(receipt).padStart(8, '0')}`;
    const amounts: RecordAmounts = {
      medfee_sumamt: scaled(5000),
      fulamt_ownpay_amt: scaled(500),
      overlmt_selfpay: ZERO_FEN,
      preselfpay_amt: scaled(300),
      inscp_scp_amt: scaled(4200),
      act_pay_dedc: ZERO_FEN,
      hifp_pay: scaled(2800),
      hifmi_pay: ZERO_FEN,
      maf_pay: scaled(200),
      oth_pay: ZERO_FEN,
      fund_pay_sumamt: scaled(3000),
      psn_part_amt: scaled(2000),
      acct_pay: scaled(500),
      psn_cash_pay: scaled(1500),
    };
    const line = (sn: string, name: string, total: Fen) => ({
      feedetl_sn: sn,
      hilist_code: `XA01${sn}`,
      medins_list_codg: `Y${sn}`,
      medins_list_name: name,
      chrgitm_lv: '01' as const,
      pric: total,
      cnt_milli: 1000,
      det_item_fee_sumamt: total,
      overlmt_amt: ZERO_FEN,
      preselfpay_amt: ZERO_FEN,
      inscp_scp_amt: total,
      fulamt_ownpay_amt: ZERO_FEN,
    });
    return {
      rec_id: `${this.inst.code}-${++this.outbox}`,
      rec_type: '2207',
      setl_id,
      setl_date: options.date ?? '2025-03-01',
      setlinfo: { setl_id, psn_cert_no: options.psn ?? '370102199001011234', psn_name: '张三', med_type: '11', setl_time: '2025-03-01 09:30:00', ...amounts },
      setldetail: [{ fund_pay_type: '310100', fund_pay_type_name: '统筹基金', fund_payamt: scaled(2800) }],
      feedetail: [line('1', '阿莫西林胶囊', scaled(3000)), line('2', '一般诊疗费', scaled(2000))],
      setl_proc_info: '起付线：已过\n统筹：按 70% 支付',
      chk_rslt: [],
      acc_moves: options.moves ?? [{ account: 'outpatient', delta: 2800 * k }],
    };
  }

  refund(of: SettlementRecord, receipt: number, date = of.setl_date): RefundRecord {
    const negated = Object.fromEntries(Object.entries(amountsOf(of)).map(([f, v]) => [f, 0 - v]) /* 0 − v: no −0 */) as RecordAmounts;
    return {
      rec_id: `${this.inst.code}-${++this.outbox}`,
      rec_type: '2208',
      setl_id: `01-${String(receipt).padStart(8, '0')}`,
      orig_setl_id: of.setl_id,
      psn_cert_no: of.setlinfo.psn_cert_no,
      reason: '患者要求退费',
      setl_time: '2025-03-01 10:00:00',
      setl_date: date,
      chk_rslt: [],
      acc_moves: of.acc_moves.map((m) => ({ account: m.account, delta: 0 - m.delta })),
      ...negated,
    };
  }
}

function amountsOf(record: UploadRecord): RecordAmounts {
  const { medfee_sumamt, fulamt_ownpay_amt, overlmt_selfpay, preselfpay_amt, inscp_scp_amt, act_pay_dedc, hifp_pay, hifmi_pay, maf_pay, oth_pay, fund_pay_sumamt, psn_part_amt, acct_pay, psn_cash_pay } =
    record.rec_type === '2207' ? record.setlinfo : record;
  return { medfee_sumamt, fulamt_ownpay_amt, overlmt_selfpay, preselfpay_amt, inscp_scp_amt, act_pay_dedc, hifp_pay, hifmi_pay, maf_pay, oth_pay, fund_pay_sumamt, psn_part_amt, acct_pay, psn_cash_pay };
}

async function signedIn(inst = TOWNSHIP): Promise<Counter> {
  const counter = new Counter(inst);
  await counter.signIn();
  return counter;
}

describe('district simulator: transport and envelope', () => {
  it('refuses a bad signature or an unknown institution with 401 SIGNATURE and stores nothing', async () => {
    const counter = new Counter(TOWNSHIP);
    const body = JSON.stringify(counter.envelope(INFNO.signIn, { signIn: { opter_no: 'x', mac: 'm', ip: 'i' } }));
    const forged = await counter.post(body, 'wrong-key');
    expect(forged.status).toBe(401);
    const text = await forged.text();
    expect(forged.headers.get(SIGNATURE_HEADER)).toBe(hmac(TOWNSHIP.key, text));
    expect(JSON.parse(text)).toMatchObject({ infcode: -1, err_code: 'SIGNATURE' });

    const stranger = new Counter({ code: 'H99999999999', key: 'whatever' });
    const unknown = await stranger.post(JSON.stringify(stranger.envelope(INFNO.signIn, {})));
    expect(unknown.status).toBe(401);
    expect(await unknown.json()).toMatchObject({ infcode: -1, err_code: 'SIGNATURE' });

    // A valid upload body with a forged signature is not processed either.
    const real = await signedIn();
    const msgid = real.nextMsgid();
    const upload = JSON.stringify(real.envelope(INFNO.uploadBatch, real.uploadInput([real.settlement(1)], msgid), msgid));
    expect((await real.post(upload, 'wrong-key')).status).toBe(401);
    expect(sim.accepted()).toEqual([]);
    expect(sim.stats()).toMatchObject({ batchesProcessed: 0, signatureFailures: 3 });
  });

  it('answers 404 off the transaction path', async () => {
    const res = await fetch(`${sim.url}/api/other`, { method: 'POST', body: '{}' });
    expect(res.status).toBe(404);
    expect((await fetch(sim.url + TXN_PATH)).status).toBe(404);
  });

  it('refuses a malformed envelope with BAD_MESSAGE naming the problem', async () => {
    const counter = await signedIn();
    const notJson = await counter.post('{"infno":');
    expect(notJson.status).toBe(200);
    expect(await notJson.json()).toMatchObject({ infcode: -1, err_code: 'BAD_MESSAGE', err_msg: expect.stringContaining('JSON') });

    const badMsgid = await counter.call(INFNO.queryBatch, { data: { batch_no: 'x' } }, `${TOWNSHIP.code}2025`);
    expect(badMsgid.body).toMatchObject({ infcode: -1, err_code: 'BAD_MESSAGE', err_msg: expect.stringContaining('msgid') });

    const otherArea = { ...counter.envelope(INFNO.queryBatch, { data: { batch_no: 'x' } }), mdtrtarea_admvs: '110101' };
    expect(await (await counter.post(JSON.stringify(otherArea))).json()).toMatchObject({ err_code: 'BAD_MESSAGE', err_msg: expect.stringContaining('mdtrtarea_admvs') });

    const noInput = await counter.call('9999', {});
    expect(noInput.body.err_msg).toContain('infno');
  });

  it('requires a sign_no it issued to this institution, and forgets them all on request', async () => {
    const counter = new Counter(TOWNSHIP);
    expect((await counter.call(INFNO.queryBatch, { data: { batch_no: 'x' } })).body).toMatchObject({ infcode: -1, err_code: 'SIGN_NO' });
    await counter.signIn();
    expect((await counter.call(INFNO.queryBatch, { data: { batch_no: 'x' } })).body.err_code).toBe('NOT_FOUND');

    const neighbour = new Counter(NEIGHBOUR);
    neighbour.signNo = counter.signNo;
    expect((await neighbour.call(INFNO.queryBatch, { data: { batch_no: 'x' } })).body.err_code).toBe('SIGN_NO');

    sim.forgetSignIns();
    expect((await counter.call(INFNO.queryBatch, { data: { batch_no: 'x' } })).body.err_code).toBe('SIGN_NO');
  });
});

describe('district simulator: lifetime', () => {
  it('a restarted centre keeps what it accepted and forgets every sign-in; close() ends a pending delay', async () => {
    const counter = await signedIn();
    const s1 = counter.settlement(1);
    await counter.upload([s1]);
    sim.script({ fault: { kind: 'delay', ms: 10_000 } });
    const pending = counter.upload([counter.settlement(2)]);
    const closing = Date.now();
    await sim.close();
    await expect(pending).rejects.toThrow();
    expect(Date.now() - closing).toBeLessThan(1000);

    sim = await startDistrictSimulator({ file: join(dir, 'centre.sqlite3'), institutions: [TOWNSHIP] });
    expect(sim.accepted().map((a) => a.record)).toEqual([s1]);
    expect((await counter.upload([s1])).body.err_code).toBe('SIGN_NO');
    await counter.signIn();
    expect((await counter.upload([s1])).body.output!.results).toEqual([expect.objectContaining({ status: 'accepted', duplicate: true })]);
  });
});

describe('district simulator: 2207A upload', () => {
  it('accepts settlements and a refund in order, and answers a repeated msgid from its store', async () => {
    const counter = await signedIn();
    const s1 = counter.settlement(1);
    const s2 = counter.settlement(2, { scale: 2 });
    const r2 = counter.refund(s2, 3);
    const msgid = counter.nextMsgid();
    const first = await counter.upload([s1, s2, r2], msgid);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ infcode: 0, inf_refmsgid: msgid });
    expect(first.body.output).toEqual({
      batch_no: msgid,
      results: [s1, s2, r2].map((r) => ({ rec_id: r.rec_id, setl_id: r.setl_id, status: 'accepted' })),
    });
    const held = sim.accepted();
    expect(held.map((a) => [a.setl_id, a.rec_type, a.batch_no, a.amounts.medfee_sumamt])).toEqual([
      [s1.setl_id, '2207', msgid, 5000],
      [s2.setl_id, '2207', msgid, 10000],
      [r2.setl_id, '2208', msgid, -10000],
    ]);
    expect(held[0]!.seq).toBeLessThan(held[1]!.seq);
    expect(held[2]!.record).toEqual(r2);
    expect(held[2]!.psn_cert_no).toBe(s2.setlinfo.psn_cert_no);
    expect(sim.stats().batchesProcessed).toBe(1);

    const again = await counter.upload([s1, s2, r2], msgid);
    expect(again.text).toBe(first.text);
    expect(sim.stats().batchesProcessed).toBe(1);
    expect(sim.accepted()).toHaveLength(3);
  });

  it('answers an already-accepted setl_id as a duplicate and a repeated rec_id with its first result', async () => {
    const counter = await signedIn();
    const s1 = counter.settlement(1);
    await counter.upload([s1]);
    const resent = { ...s1, rec_id: `${TOWNSHIP.code}-99` };
    const second = await counter.upload([resent, s1]);
    expect(second.body.output!.results).toEqual([
      { rec_id: resent.rec_id, setl_id: s1.setl_id, status: 'accepted', duplicate: true },
      { rec_id: s1.rec_id, setl_id: s1.setl_id, status: 'accepted', duplicate: true },
    ]);
    expect(sim.accepted()).toHaveLength(1);
    expect(sim.stats().batchesProcessed).toBe(2);
  });

  it('rejects a refund before its settlement and records by rule; a rejected setl_id may come again', async () => {
    const counter = await signedIn();
    const s1 = counter.settlement(1);
    const s2 = counter.settlement(2);
    const early = counter.refund(s1, 3);
    sim.rejectWhen((r) => (r.setl_id === s2.setl_id ? '就诊记录不存在' : null));
    const { body } = await counter.upload([early, s1, s2]);
    expect(body.output!.results).toEqual([
      { rec_id: early.rec_id, setl_id: early.setl_id, status: 'rejected', reason: '原结算未被中心接收' },
      { rec_id: s1.rec_id, setl_id: s1.setl_id, status: 'accepted' },
      { rec_id: s2.rec_id, setl_id: s2.setl_id, status: 'rejected', reason: '就诊记录不存在' },
    ]);
    expect(sim.rejected()).toEqual([
      { rec_id: early.rec_id, setl_id: early.setl_id, reason: '原结算未被中心接收' },
      { rec_id: s2.rec_id, setl_id: s2.setl_id, reason: '就诊记录不存在' },
    ]);

    sim.clearRejectRules();
    const resubmit = { ...s2, rec_id: `${TOWNSHIP.code}-50`, resubmit_of: s2.rec_id };
    const { body: later } = await counter.upload([resubmit, s2]);
    expect(later.output!.results).toEqual([
      { rec_id: resubmit.rec_id, setl_id: s2.setl_id, status: 'accepted' },
      { rec_id: s2.rec_id, setl_id: s2.setl_id, status: 'rejected', reason: '就诊记录不存在', duplicate: true },
    ]);
    expect(sim.accepted().map((a) => a.rec_id)).toEqual([s1.rec_id, resubmit.rec_id]);
  });

  it('refuses the whole message when the batch or a record does not add up, storing nothing', async () => {
    const counter = await signedIn();
    const s1 = counter.settlement(1);
    const s2 = counter.settlement(2);

    const msgid = counter.nextMsgid();
    const input = counter.uploadInput([s1, s2], msgid);
    input.batch.medfee_sumamt += 1;
    const sums = await counter.call(INFNO.uploadBatch, input, msgid);
    expect(sums.body).toMatchObject({ infcode: -1, err_code: 'BAD_MESSAGE', err_msg: expect.stringContaining('medfee_sumamt') });

    const unbalanced = { ...s2, setlinfo: { ...s2.setlinfo, acct_pay: fen(600) } };
    const record = await counter.upload([s1, unbalanced]);
    expect(record.body.err_msg).toMatch(/records\[1\]\.setlinfo.*psn_part_amt/);

    // @ts-expect-error -- half a fen gets past no type; the centre refuses it all the same.
    const fractional: UploadRecord = { ...s2, setlinfo: { ...s2.setlinfo, medfee_sumamt: 5000.5 } };
    expect((await counter.upload([s1, fractional])).body.err_msg).toContain('整数');

    const lines = { ...s2, feedetail: s2.feedetail.slice(1) };
    expect((await counter.upload([lines])).body.err_msg).toContain('feedetail');

    const count = counter.nextMsgid();
    const short = counter.uploadInput([s1, s2], count);
    short.batch.rec_cnt = 1;
    expect((await counter.call(INFNO.uploadBatch, short, count)).body.err_msg).toContain('rec_cnt');

    expect(sim.accepted()).toEqual([]);
    expect(sim.rejected()).toEqual([]);
    expect(sim.stats().batchesProcessed).toBe(0);
    expect((await counter.call(INFNO.queryBatch, { data: { batch_no: msgid } })).body.err_code).toBe('NOT_FOUND');
  });

  it('5203A returns the output of the batch that was processed', async () => {
    const counter = await signedIn();
    const uploaded = await counter.upload([counter.settlement(1)]);
    const batchNo = uploaded.body.output!.batch_no;
    const found = await counter.call<UploadBatchOutput>(INFNO.queryBatch, { data: { batch_no: batchNo } });
    expect(found.body).toMatchObject({ infcode: 0, output: uploaded.body.output });
    expect(found.body.inf_refmsgid).not.toBe(batchNo);
    const neighbour = await signedIn(NEIGHBOUR);
    expect((await neighbour.call(INFNO.queryBatch, { data: { batch_no: batchNo } })).body.err_code).toBe('NOT_FOUND');
  });
});

describe('district simulator: faults', () => {
  it('drop-request: the connection fails and nothing is processed', async () => {
    const counter = await signedIn();
    sim.script({ fault: { kind: 'drop-request' } });
    await expect(counter.upload([counter.settlement(1)])).rejects.toThrow();
    expect(sim.accepted()).toEqual([]);
    expect(sim.stats().batchesProcessed).toBe(0);
  });

  it('commit-drop-response: the connection fails, yet 5203A finds the batch committed', async () => {
    const counter = await signedIn();
    const msgid = counter.nextMsgid();
    sim.script({ fault: { kind: 'commit-drop-response' } });
    await expect(counter.upload([counter.settlement(1)], msgid)).rejects.toThrow();
    const found = await counter.call<UploadBatchOutput>(INFNO.queryBatch, { data: { batch_no: msgid } });
    expect(found.body.output!.results).toHaveLength(1);
    expect(sim.accepted()).toHaveLength(1);
  });

  it('http-500 processes nothing; malformed-json commits and answers a signed non-JSON body', async () => {
    const counter = await signedIn();
    sim.script({ fault: { kind: 'http-500' } }, { fault: { kind: 'malformed-json' } });
    const msgid = counter.nextMsgid();
    const body = JSON.stringify(counter.envelope(INFNO.uploadBatch, counter.uploadInput([counter.settlement(1)], msgid), msgid));
    const failed = await counter.post(body);
    expect(failed.status).toBe(500);
    await failed.text();
    expect(sim.accepted()).toEqual([]);

    const garbled = await counter.post(body);
    expect(garbled.status).toBe(200);
    const text = await garbled.text();
    expect(garbled.headers.get(SIGNATURE_HEADER)).toBe(hmac(TOWNSHIP.key, text));
    expect(() => JSON.parse(text)).toThrow();
    expect(sim.accepted()).toHaveLength(1);
  });

  it('delay answers normally after the wait; duplicate delivery answers from the msgid store', async () => {
    const counter = await signedIn();
    sim.script({ fault: { kind: 'delay', ms: 150 } }, { fault: { kind: 'duplicate' } });
    const started = Date.now();
    const slow = await counter.upload([counter.settlement(1)]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    expect(slow.body.infcode).toBe(0);

    const twice = await counter.upload([counter.settlement(2)]);
    expect(twice.body.output!.results).toEqual([expect.objectContaining({ status: 'accepted' })]);
    expect(sim.stats().batchesProcessed).toBe(2);
    expect(sim.accepted()).toHaveLength(2);
  });

  it('a client that gives up during a delay leaves the outcome unknown: the centre still commits', async () => {
    const counter = await signedIn();
    const msgid = counter.nextMsgid();
    const body = JSON.stringify(counter.envelope(INFNO.uploadBatch, counter.uploadInput([counter.settlement(1)], msgid), msgid));
    sim.script({ fault: { kind: 'delay', ms: 100 } });
    const gaveUp = fetch(sim.url + TXN_PATH, {
      method: 'POST',
      headers: { [FIXMEDINS_HEADER]: TOWNSHIP.code, [SIGNATURE_HEADER]: hmac(TOWNSHIP.key, body) },
      body,
      signal: AbortSignal.timeout(20),
    });
    await expect(gaveUp).rejects.toThrow();
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(sim.accepted()).toHaveLength(1);
    expect((await counter.call(INFNO.queryBatch, { data: { batch_no: msgid } })).body.infcode).toBe(0);
  });

  it('a rule for one infno waits for that transaction; offline drops everything; chaos draws from `random`', async () => {
    const counter = await signedIn();
    sim.script({ fault: { kind: 'http-500' }, infno: INFNO.uploadBatch });
    expect((await counter.call(INFNO.queryBatch, { data: { batch_no: 'x' } })).body.err_code).toBe('NOT_FOUND');
    const refused = await counter.post(JSON.stringify(counter.envelope(INFNO.uploadBatch, {})));
    expect(refused.status).toBe(500);
    await refused.text();

    sim.setOffline(true);
    await expect(counter.signIn()).rejects.toThrow();
    sim.setOffline(false);
    await counter.signIn();

    sim.chaos([
      { fault: { kind: 'drop-request' }, p: 0.25 },
      { fault: { kind: 'http-500' }, p: 0.25 },
    ]);
    draw = 0.3; // past the first interval, inside the second
    const chaotic = await counter.post(JSON.stringify(counter.envelope(INFNO.queryBatch, { data: { batch_no: 'x' } })));
    expect(chaotic.status).toBe(500);
    await chaotic.text();
    draw = 0.1;
    await expect(counter.signIn()).rejects.toThrow();
    draw = 0.9;
    await counter.signIn();
    sim.chaos(null);
    draw = 0;
    await counter.signIn();
    expect(sim.stats().requests).toBe(9);
  });
});

describe('district simulator: reconciliation', () => {
  async function ledger(counter: Counter) {
    const s1 = counter.settlement(1, { date: '2025-03-01' });
    const s2 = counter.settlement(2, { date: '2025-03-02', scale: 3 });
    const r1 = counter.refund(s1, 3, '2025-03-02');
    const s4 = counter.settlement(4, { date: '2025-04-01' });
    await counter.upload([s1, s2, r1, s4]);
    return { s1, s2, r1, s4 };
  }

  const MARCH = { stmt_begndate: '2025-03-01', stmt_enddate: '2025-03-31' };

  it('3201 agrees on the period totals, counting refunds −1, and names every differing field', async () => {
    const counter = await signedIn();
    await ledger(counter);
    // s1 + s2 + r1 = s2 alone (15000 medfee), count 2 − 1 = 1.
    const totals = { fixmedins_setl_cnt: 1, medfee_sumamt: 15000, fund_pay_sumamt: 9000, hifp_pay: 8400, hifmi_pay: 0, maf_pay: 600, oth_pay: 0, acct_pay: 1500, psn_cash_pay: 4500 };
    const agree = await counter.call(INFNO.reconcileTotals, { data: { ...MARCH, ...totals } });
    expect(agree.body.output).toEqual({ ...totals, stmt_rslt: '0', stmt_rslt_dscr: '对账一致' });

    const differ = await counter.call<{ stmt_rslt: string; stmt_rslt_dscr: string }>(INFNO.reconcileTotals, {
      data: { ...MARCH, ...totals, fixmedins_setl_cnt: 2, acct_pay: 2000 },
    });
    expect(differ.body.output).toMatchObject({ ...totals, stmt_rslt: '1' });
    expect(differ.body.output!.stmt_rslt_dscr).toContain('结算笔数');
    expect(differ.body.output!.stmt_rslt_dscr).toContain('个人账户支出');
    expect(differ.body.output!.stmt_rslt_dscr).not.toContain('医疗费总额');
  });

  it('3202 reports missing_at_centre, missing_locally and amount_differs by setl_id', async () => {
    const counter = await signedIn();
    const { s1, s2, r1 } = await ledger(counter);
    const line = (r: UploadRecord) => {
      const a = amountsOf(r);
      return { setl_id: r.setl_id, rec_type: r.rec_type, medfee_sumamt: a.medfee_sumamt, fund_pay_sumamt: a.fund_pay_sumamt, acct_pay: a.acct_pay, psn_cash_pay: a.psn_cash_pay };
    };
    const same = await counter.call(INFNO.reconcileDetails, { data: MARCH, details: [line(s1), line(s2), line(r1)] });
    expect(same.body.output).toEqual({ stmt_rslt: '0', mismatches: [] });

    const ghost = { ...line(s1), setl_id: '01-00000077' };
    const changed = { ...line(s2), psn_cash_pay: 1 };
    const { body } = await counter.call(INFNO.reconcileDetails, { data: MARCH, details: [ghost, changed, line(s1)] });
    expect(body.output).toEqual({
      stmt_rslt: '1',
      mismatches: [
        { setl_id: ghost.setl_id, kind: 'missing_at_centre', local: ghost },
        { setl_id: s2.setl_id, kind: 'amount_differs', local: changed, centre: line(s2) },
        { setl_id: r1.setl_id, kind: 'missing_locally', centre: line(r1) },
      ],
    });
  });
});

describe('district simulator: downloads', () => {
  it('9102A and 1301A return what was set; an unchanged catalogue ver downloads nothing', async () => {
    const counter = await signedIn();
    expect((await counter.call(INFNO.downloadPolicies, { data: { ver: '' } })).body.output).toEqual({ ver: '', policies: [] });
    const policy = { id: 'P2025', effective_from: '2025-01-01', effective_to: '2025-12-31', document: { pools: [] } };
    sim.setPolicies('p1', [policy]);
    sim.setCatalogue('c7', [{ code: 'X1', name: '阿莫西林' }]);
    expect((await counter.call(INFNO.downloadPolicies, { data: { ver: '' } })).body.output).toEqual({ ver: 'p1', policies: [policy] });
    expect((await counter.call(INFNO.downloadCatalogue, { data: { ver: 'c6' } })).body.output).toEqual({ ver: 'c7', items: [{ code: 'X1', name: '阿莫西林' }] });
    expect((await counter.call(INFNO.downloadCatalogue, { data: { ver: 'c7' } })).body.output).toEqual({ ver: 'c7', items: [] });
  });

  it('5206A: ytd = base + every accepted move that year from any institution; incl_setl_ids are this institution’s', async () => {
    const psn = '370102198502023456';
    sim.setRosterPerson(
      { psn_cert_no: psn, psn_name: '李四', gend: '2', brdy: '1985-02-02', insutype: '390', groups: ['chronic'], card_no: null, certifications: [] },
      2025,
      { outpatient: 10000, chronic: 500 },
    );
    const counter = await signedIn();
    const neighbour = await signedIn(NEIGHBOUR);
    const s1 = counter.settlement(1, { psn, moves: [{ account: 'outpatient', delta: 2800 }] });
    const s2 = counter.settlement(2, { psn, moves: [{ account: 'outpatient', delta: 1000 }, { account: 'chronic', delta: 70 }] });
    const r2 = counter.refund(s2, 3);
    const lastYear = counter.settlement(4, { psn, date: '2024-12-31', moves: [{ account: 'outpatient', delta: 99999 }] });
    const someoneElse = counter.settlement(5, { moves: [{ account: 'outpatient', delta: 4444 }] });
    await counter.upload([s1, s2, r2, lastYear, someoneElse]);
    await neighbour.upload([neighbour.settlement(1, { psn, moves: [{ account: 'outpatient', delta: 300 }] })]);

    const roster = await counter.call<{ ver: string; as_of: string; psn_list: { ytd: unknown; incl_setl_ids: string[] }[] }>(INFNO.downloadRoster, {
      data: { ver: '', year: 2025 },
    });
    const out = roster.body.output!;
    expect(out.as_of).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
    expect(out.psn_list).toEqual([
      {
        psn_cert_no: psn,
        psn_name: '李四',
        gend: '2',
        brdy: '1985-02-02',
        insutype: '390',
        groups: ['chronic'],
        card_no: null,
        certifications: [],
        ytd: { year: 2025, accounts: { outpatient: 10000 + 2800 + 300, chronic: 500 } },
        incl_setl_ids: [s1.setl_id, s2.setl_id, r2.setl_id],
      },
    ]);

    await counter.upload([counter.settlement(6, { psn })]);
    const after = await counter.call<{ ver: string }>(INFNO.downloadRoster, { data: { ver: out.ver, year: 2025 } });
    expect(after.body.output!.ver).not.toBe(out.ver);
    const otherYear = await counter.call<{ psn_list: { ytd: unknown; incl_setl_ids: string[] }[] }>(INFNO.downloadRoster, { data: { ver: '', year: 2024 } });
    expect(otherYear.body.output!.psn_list[0]).toMatchObject({ ytd: { year: 2024, accounts: { outpatient: 99999 } }, incl_setl_ids: [lastYear.setl_id] });
  });
});
