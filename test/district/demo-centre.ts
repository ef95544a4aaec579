/**
 * `npm run district:demo`: the district simulator as a demo centre for the demo hospital, on
 * http://127.0.0.1:5190 with its own SQLite in .district-data/. It knows the demo roster, policy and
 * catalogue, and one 医保电子凭证. Turn the link on in 医保上传 → 连接设置 (信息员 zhaomin) to try uploads,
 * downloads, 拒付处理 and 对账 against it. Ctrl+C stops it.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import catalogueFile from '../../resources/demo/catalogue.json' with { type: 'json' };
import peopleFile from '../../resources/demo/people.json' with { type: 'json' };
import demoPolicy from '../../resources/policies/demo-county-2026.json' with { type: 'json' };
import { DEMO_DISTRICT, DEMO_VOUCHER } from '../../shared/demo';
import { idNumberFacts } from '../../shared/identity';
import { startDistrictSimulator } from './simulator';

const dataDir = join(process.cwd(), '.district-data');
mkdirSync(dataDir, { recursive: true });
const port = Number(new URL(DEMO_DISTRICT.baseUrl).port);
const centre = await startDistrictSimulator({
  file: join(dataDir, 'centre.sqlite'),
  institutions: [{ code: DEMO_DISTRICT.fixmedinsCode, name: DEMO_DISTRICT.fixmedinsName, key: DEMO_DISTRICT.key }],
  port,
});

const year = new Date().getFullYear();
for (const p of peopleFile.people) {
  const facts = idNumberFacts(p.idNumber);
  centre.setRosterPerson(
    {
      psn_cert_no: p.idNumber,
      psn_name: p.name,
      gend: facts.gender === 'F' ? '2' : '1',
      brdy: facts.birthDate,
      insutype: p.insuredType === 'employee' ? '310' : '390',
      groups: [...p.groups],
      card_no: p.cardNo,
      certifications: (('certifications' in p ? p.certifications : undefined) ?? []).map((c) => ({
        disease_code: c.diseaseCode,
        disease_name: c.diseaseName,
        valid_from: c.validFrom,
        valid_to: c.validTo,
      })),
    },
    year,
    {},
  );
}
centre.setPolicies('demo-2026', [{ id: demoPolicy.id, effective_from: '2026-01-01', effective_to: '2026-12-31', document: demoPolicy }]);
centre.setCatalogue('demo-catalogue-1', catalogueFile.items);
centre.setVoucher(DEMO_VOUCHER, '430721195803120018');

console.log(`演示医保中心已启动：${centre.url}（数据：${dataDir}）`);
console.log(`机构 ${DEMO_DISTRICT.fixmedinsCode}（${DEMO_DISTRICT.fixmedinsName}）；演示数据库已填好连接设置，由信息员在“医保上传”→“连接设置”中启用即可。`);
console.log(`演示医保电子凭证（刘建国）：${DEMO_VOUCHER}（在收费页患者栏输入后按 Enter）`);
console.log('按 Ctrl+C 停止。');
const stop = () => void centre.close().then(() => process.exit(0));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
