import catalogueFile from '../../resources/demo/catalogue.json' with { type: 'json' };
import peopleFile from '../../resources/demo/people.json' with { type: 'json' };
import stockFile from '../../resources/demo/stock.json' with { type: 'json' };
import usersFile from '../../resources/demo/users.json' with { type: 'json' };
import demoPolicy from '../../resources/policies/demo-county-2026.json' with { type: 'json' };
import type { CatalogueItem, ChronicCertification, InsuredType } from '../../shared/domain';
import { DEMO_DISTRICT, DEMO_PASSWORD } from '../../shared/demo';
import { idNumberFacts, idNumberProblem } from '../../shared/identity';
import { fen, parseRatioBp } from '../../shared/money';
import { parsePolicy } from '../../shared/settlement';
import type { Role } from '../../shared/roles';
import type { Repositories } from '../db/repositories';
import { writeAudit } from '../audit/audit-log';
import { hashPassword } from '../auth/passwords';
import { pinyinInitials } from '../catalogue/pinyin-initials';
import type { Db } from '../db/open';
import { StockRepository } from '../pharmacy/stock-repository';
import { LedgerRepository } from '../settlement/ledger-repository';

export const DEMO_HOSPITAL = '示范县青山镇卫生院（演示）';
export { DEMO_PASSWORD };

export interface SeedReport {
  seeded: boolean;
  reason?: string;
  counts: { users: number; catalogueItems: number; people: number; policies: number };
}

/**
 * Fills an empty database with a demo hospital in one transaction. A database that already holds a
 * catalogue or a roster is left alone, so a real hospital's data can never be mixed with demo rows.
 */
export function seedDemo(db: Db, repos: Repositories): SeedReport {
  const counts = () => ({
    users: repos.users.count(),
    catalogueItems: repos.catalogue.count(),
    people: repos.people.count(),
    policies: repos.policies.count(),
  });
  if (repos.catalogue.count() > 0 || repos.people.count() > 0) {
    return { seeded: false, reason: '数据库中已有目录或参保人，未写入演示数据', counts: counts() };
  }
  const ledger = new LedgerRepository(db);
  db.transaction(() => {
    repos.settings.set('hospitalName', DEMO_HOSPITAL);
    repos.settings.set('counterId', '01');
    repos.settings.set('demo', '1');
    // Connected to the demo district centre but switched off: 信息员 turns it on once `npm run district:demo` runs.
    const { key, ...district } = DEMO_DISTRICT;
    repos.settings.set('district', JSON.stringify({ enabled: false, ...district, caPem: '', batchSize: 500, maxAgeSeconds: 60 }));
    repos.settings.set('districtKey', key);
    const passwordHash = hashPassword(DEMO_PASSWORD);
    for (const user of usersFile.users) repos.users.insert({ ...user, role: user.role as Role, passwordHash });
    for (const item of catalogueFile.items) repos.catalogue.insert(toCatalogueItem(item));
    const at = new Date().toISOString();
    for (const { accountBalance, certifications = [], ...person } of peopleFile.people as DemoPerson[]) {
      const problem = idNumberProblem(person.idNumber);
      if (problem) throw new Error(`演示名单中 ${person.name} 的身份证号有误：${problem}`);
      const id = repos.people.insert({
        ...person,
        ...idNumberFacts(person.idNumber),
        insuredType: person.insuredType as InsuredType,
        groups: [...person.groups],
      });
      if (accountBalance > 0) ledger.insertAccountMove(id, 'opening', accountBalance, null, at);
      for (const certification of certifications) repos.people.insertCertification(id, certification);
    }
    seedStock(db);
    parsePolicy(demoPolicy); // refuses to seed a policy the engine would reject
    repos.policies.insert({
      id: demoPolicy.id,
      name: demoPolicy.name,
      year: demoPolicy.year,
      effectiveFrom: `${demoPolicy.year}-01-01`,
      effectiveTo: `${demoPolicy.year}-12-31`,
      document: demoPolicy,
    });
    writeAudit(db, { actor: 'system', action: 'demo.seed', entity: 'database', details: { hospital: DEMO_HOSPITAL } });
  }).immediate();
  return { seeded: true, counts: counts() };
}

/**
 * The demo's deliveries, written as the receipts they were: batches at purchase price (zero markup, so the
 * sale price is the same), including a batch that expires soon and one already expired.
 */
function seedStock(db: Db): void {
  const stock = new StockRepository(db);
  for (const receipt of stockFile.receipts) {
    const at = `${receipt.receivedOn}T09:00:00.000Z`;
    const receiptId = stock.insertReceipt({ ...receipt, operator: 'liqiang', createdAt: at });
    for (const line of receipt.lines) {
      const batchId = stock.insertBatch({ ...line, salePrice: line.purchasePrice, receiptId });
      stock.insertMove({ batchId, kind: 'purchase', qtyMilli: line.qty * 1000, operator: 'liqiang', at, businessDate: receipt.receivedOn });
    }
  }
}

type DemoPerson = (typeof peopleFile.people)[number] & { certifications?: ChronicCertification[] };

type DemoItem = (typeof catalogueFile.items)[number] & {
  capPrice?: number;
  selfPayRatio?: number;
  genericName?: string;
  dosageForm?: string;
  packSize?: string;
  manufacturer?: string;
};

function toCatalogueItem(item: DemoItem): CatalogueItem {
  return {
    code: item.code,
    insurerCode: item.insurerCode,
    name: item.name,
    kind: item.kind as CatalogueItem['kind'],
    genericName: item.genericName ?? '',
    tradeName: '',
    dosageForm: item.dosageForm ?? '',
    spec: item.spec,
    unit: item.unit,
    packSize: item.packSize ?? '',
    manufacturer: item.manufacturer ?? '',
    stocked: item.kind === 'drug',
    chargeClass: item.chargeClass as CatalogueItem['chargeClass'],
    price: fen(item.price),
    capPrice: item.capPrice === undefined ? null : fen(item.capPrice),
    selfPayRatioBp: item.selfPayRatio === undefined ? null : parseRatioBp(item.selfPayRatio),
    essential: item.essential as CatalogueItem['essential'],
    pinyin: pinyinInitials(item.name),
  };
}
