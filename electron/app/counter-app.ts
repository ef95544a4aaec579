import type { Envelope } from '../../shared/api/errors';
import { createDispatcher, type Dispatch } from '../api/dispatcher';
import { AuthService } from '../auth/auth-service';
import { ShiftService } from '../shifts/shift-service';
import type { Handlers } from '../api/handlers';
import { databasePath, openDatabase, type Db } from '../db/open';
import type { MigrationReport } from '../db/migrate';
import { importPolicy } from '../policy/policy-import';
import { CatalogueService } from '../catalogue/catalogue-service';
import { InpatientService } from '../inpatient/inpatient-service';
import { PeopleService } from '../people/people-service';
import { StockService } from '../pharmacy/stock-service';
import { PrintQueue } from '../printing/print-queue';
import { PrintWorker } from '../printing/print-worker';
import { DeviceService } from '../devices/device-service';
import { DistrictService, type DistrictOptions } from '../district/district-service';
import { jobBytes } from '../printing/receipt-for';
import { DailySheetReports } from '../reports/daily-sheet';
import { MonthlyReports } from '../reports/monthly-report';
import { PharmacyReports } from '../reports/pharmacy-reports';
import { SettlementService } from '../settlement/settlement-service';
import { SystemService } from '../system/system-service';
import { createRepositories, type Repositories } from '../db/repositories';

export interface CounterAppOptions {
  dataDir: string;
  /** The clock; tests pin it so "today" is reproducible. */
  now?: () => Date;
  logError?: (method: string, error: unknown) => void;
  /** Timeouts and jitter of the district link; tests shorten them. */
  district?: DistrictOptions;
}

export interface CounterApp {
  db: Db;
  file: string;
  migration: MigrationReport | null;
  repos: Repositories;
  /** Printer, card reader and the print worker; `start()` them where real devices are wanted. */
  devices: DeviceService;
  /** The district centre link; `start()` it where uploads should run in the background. */
  district: DistrictService;
  dispatch: Dispatch;
  /** A call from a page: the session token decides who is calling and what they may do. */
  callFrom(transport: 'ipc' | 'http', token: string | null | undefined, method: unknown, input: unknown): Promise<Envelope>;
  close(): void;
}

/**
 * Opens the database and wires every service behind the one dispatcher. Electron's IPC, the HTTP host and
 * the tests all go through this, so there is exactly one implementation of each service.
 */
export function openCounterApp(options: CounterAppOptions): CounterApp {
  const now = options.now ?? (() => new Date());
  const file = databasePath(options.dataDir);
  const { db, migration } = openDatabase(file);
  const repos = createRepositories(db);
  const system = new SystemService(db, repos, now);
  const auth = new AuthService(db);
  const people = new PeopleService(db, repos);
  const prints = new PrintQueue(db);
  const shifts = new ShiftService(db, repos, now, prints);
  const stock = new StockService(db, repos, now);
  const settlements = new SettlementService(db, repos, { stock, shifts, auth, prints }, now);
  const catalogue = new CatalogueService(db, repos, stock);
  const inpatient = new InpatientService(db, repos, { stock, shifts, settlements, prints }, now);
  const dailySheets = new DailySheetReports(db, repos, shifts, now);
  const worker: PrintWorker = new PrintWorker(
    prints,
    (job, paper, reprints) => jobBytes(job, paper, reprints, { repos, settlements, inpatient, shifts, dailySheets }),
    () => devices.currentPrinter(),
    () => devices.settings().printer?.paper ?? 80,
    now,
  );
  const devices = new DeviceService(db, repos, prints, worker, now);
  const reports = new PharmacyReports(db, repos, stock);
  const monthly = new MonthlyReports(db, repos, now);
  const district = new DistrictService(db, repos, now, options.district);

  const handlers: Handlers = {
    'system.info': () => system.info(),
    'system.updateSettings': (input, context) => system.updateSettings(input, context),
    'auth.login': ({ username, password }) => auth.login(username, password),
    'auth.me': (_input, context) => auth.me(context),
    'auth.logout': (_input, context) => {
      auth.logout(context);
      return null;
    },
    'shift.open': ({ float }, context) => shifts.open(float, context),
    'shift.current': () => shifts.current(),
    'shift.close': (input, context) => shifts.close(input, context),
    'shift.summary': ({ shiftId }) => shifts.summary(shiftId),
    'catalogue.search': ({ query, limit }) => catalogue.search(query, limit),
    'catalogue.unmapped': () => catalogue.unmapped(),
    'catalogue.setMapping': (input, context) => catalogue.setMapping(input, context),
    'catalogue.import': (input, context) => catalogue.import(input, context),
    'people.find': ({ query, limit }) => repos.people.find(query, limit),
    'people.registerWalkIn': (input, context) => people.registerWalkIn(input, context),
    'people.usage': ({ personId }) => settlements.usage(personId),
    'policy.list': () => repos.policies.list(),
    'policy.import': ({ document, effectiveFrom, effectiveTo }, context) =>
      importPolicy({ db, repos }, document, { from: effectiveFrom, to: effectiveTo }, context.operator),
    'settlement.preview': (input) => settlements.preview(input),
    'settlement.settle': (input, context) => settlements.settle(input, context),
    'settlement.refund': (input, context) => settlements.refund(input, context),
    'settlement.get': ({ settlementId }) => settlements.get(settlementId),
    'inpatient.admit': (input, context) => inpatient.admit(input, context),
    'inpatient.list': () => inpatient.list(),
    'inpatient.deposit': (input, context) => inpatient.deposit(input, context),
    'inpatient.charge': (input, context) => inpatient.charge(input, context),
    'inpatient.cancelCharge': (input, context) => inpatient.cancelCharge(input, context),
    'inpatient.statement': ({ admissionId }) => inpatient.statement(admissionId),
    'inpatient.previewDischarge': (input) => inpatient.previewDischarge(input),
    'inpatient.discharge': (input, context) => inpatient.discharge(input, context),
    'devices.settings': () => devices.settings(),
    'devices.updateSettings': (input, context) => devices.updateSettings(input, context),
    'devices.status': () => devices.status(),
    'devices.testPrint': () => devices.testPrint(),
    'devices.readCard': () => devices.readCard(),
    'print.drain': () => worker.drain(),
    'print.pending': () => prints.pending(),
    'print.dailySlip': (input, context) => prints.enqueueDaily(input, context.operator, now().toISOString()),
    'print.reprint': ({ kind, refId }, context) => prints.reprint(kind, refId, context.operator, now().toISOString()),
    'pharmacy.settings': () => stock.settings(),
    'pharmacy.updateSettings': (input, context) => system.updatePharmacySettings(input, context),
    'pharmacy.stockIn': (input, context) => stock.stockIn(input, context),
    'pharmacy.batches': ({ itemCode }) => stock.batchesOf(itemCode),
    'pharmacy.ledger': ({ itemCode }) => stock.ledger(itemCode),
    'pharmacy.stockList': () => stock.inStock(),
    'pharmacy.nearExpiry': ({ days }) => stock.nearExpiry(days),
    'pharmacy.dispensingQueue': () => stock.dispensingQueue(),
    'pharmacy.dispense': ({ settlementId }, context) => stock.dispense(settlementId, context),
    'pharmacy.stocktake': (input, context) => stock.stocktake(input, context),
    'reports.pharmacy': ({ from, to }) => reports.pharmacy(from, to),
    'reports.priceList': () => reports.priceList(),
    'reports.dailySheet': (input) => dailySheets.sheet(input),
    'reports.dailySheetPdf': (input) => dailySheets.pdfFile(input),
    'reports.dailySheetSlip': (input) => dailySheets.slip(input),
    'reports.monthly': ({ month }) => monthly.report(month),
    'reports.monthlyPdf': ({ month }) => monthly.pdfFile(month),
    'reports.stocktakeMonth': ({ month }) => reports.stocktakeMonth(month),
    'district.status': () => district.status(),
    'district.settings': () => district.settings(),
    'district.updateSettings': (input, context) => district.updateSettings(input, context),
    'district.syncNow': () => district.syncNow(),
    'district.download': ({ kinds }, context) => district.download(kinds, context),
    'district.rejections': ({ includeHandled }) => district.rejected(includeHandled),
    'people.byEVoucher': ({ token }, context) => district.personByVoucher(token, context),
    'district.resubmit': (input, context) => district.resubmit(input, context),
    'district.dispute': ({ outboxId, note }, context) => district.dispute(outboxId, note, context),
    'district.reconcile': ({ from, to }, context) => district.reconcile(from, to, context),
    'district.reconcilePdf': ({ from, to }, context) => district.reconcilePdf(from, to, context),
  };

  const dispatch = createDispatcher(handlers, options.logError ? { logError: options.logError } : {});
  return {
    db,
    file,
    migration,
    repos,
    devices,
    district,
    dispatch,
    callFrom: (transport, token, method, input) => {
      const session = auth.sessions.touch(token);
      return dispatch(method, input, {
        transport,
        operator: session?.username ?? 'anonymous',
        role: session?.role ?? null,
        token: token ?? undefined,
      });
    },
    close: () => {
      void devices.stop();
      district.stop();
      db.close();
    },
  };
}
