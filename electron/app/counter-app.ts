import type { Envelope } from '../../shared/api/errors';
import { createDispatcher, type Dispatch } from '../api/dispatcher';
import type { CallOrigin, Handlers } from '../api/handlers';
import { AuthService } from '../auth/auth-service';
import { authHandlers } from '../auth/handlers';
import { CatalogueService } from '../catalogue/catalogue-service';
import { catalogueHandlers } from '../catalogue/handlers';
import type { MigrationReport } from '../db/migrate';
import { databasePath, openDatabase, type Db } from '../db/open';
import { createRepositories, type Repositories } from '../db/repositories';
import { DeviceService } from '../devices/device-service';
import { deviceHandlers } from '../devices/handlers';
import { DistrictService, type DistrictOptions } from '../district/district-service';
import { districtHandlers } from '../district/handlers';
import { uploadPayloads } from '../district/upload-payload';
import { inpatientHandlers } from '../inpatient/handlers';
import { InpatientService } from '../inpatient/inpatient-service';
import { lanHandlers } from '../lan/handlers';
import { LanService } from '../lan/lan-service';
import { peopleHandlers } from '../people/handlers';
import { PeopleService } from '../people/people-service';
import { pharmacyHandlers } from '../pharmacy/handlers';
import { StockService } from '../pharmacy/stock-service';
import { policyHandlers } from '../policy/handlers';
import { printHandlers } from '../printing/handlers';
import { PrintQueue } from '../printing/print-queue';
import { DailySheetReports } from '../reports/daily-sheet';
import { reportHandlers } from '../reports/handlers';
import { MonthlyReports } from '../reports/monthly-report';
import { PharmacyReports } from '../reports/pharmacy-reports';
import { settlementHandlers } from '../settlement/handlers';
import { SettlementService } from '../settlement/settlement-service';
import { shiftHandlers } from '../shifts/handlers';
import { ShiftService } from '../shifts/shift-service';
import { systemHandlers } from '../system/handlers';
import { SystemService } from '../system/system-service';
import { createPrinting } from './print-wiring';

export interface CounterAppOptions {
  dataDir: string;
  /** The clock; tests pin it so "today" is reproducible. */
  now?: () => Date;
  logError?: (method: string, error: unknown) => void;
  /** Open to look, not to change: every method the contract marks `mutates` is refused, saying why. */
  readOnly?: string;
  /** Timeouts and jitter of the district link; tests shorten them. */
  district?: DistrictOptions;
}

export interface CounterApp {
  db: Db;
  file: string;
  migration: MigrationReport | null;
  repos: Repositories;
  /** Printer and card reader, as the device page sets them up. */
  devices: DeviceService;
  /** Opens the devices and drains the print queue every `drainEveryMs`, where real devices are wanted. */
  startDevices(options: { drainEveryMs: number }): Promise<void>;
  /** The district centre link; `start()` it where uploads should run in the background. */
  district: DistrictService;
  /** The hospital network: this PC's server identity, pairing codes and paired terminals (electron/lan). */
  lan: LanService;
  dispatch: Dispatch;
  /**
   * A call from a page: the session token decides who is calling and what they may do. `origin` is the
   * paired terminal a LAN call came through (its counter number); the token must have been made there.
   */
  callFrom(transport: 'ipc' | 'http' | 'lan', token: string | null | undefined, method: unknown, input: unknown, origin?: CallOrigin): Promise<Envelope>;
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
  const system = new SystemService(db, repos, now, (current, next) => counterInUse(current, next));
  const auth = new AuthService(db);
  const people = new PeopleService(db, repos);
  const prints = new PrintQueue(db);
  const shifts = new ShiftService(db, repos, now, prints);
  const stock = new StockService(db, repos, now);
  const settlements = new SettlementService(db, repos, { stock, shifts, auth, prints, uploads: uploadPayloads }, now);
  const catalogue = new CatalogueService(db, repos, stock);
  const inpatient = new InpatientService(db, repos, { stock, shifts, settlements, prints }, now);
  const dailySheets = new DailySheetReports(db, repos, shifts, now);
  const devices = new DeviceService(db, repos, () => prints.pending(), now);
  const printing = createPrinting(prints, devices, { repos, settlements, inpatient, shifts, dailySheets }, now);
  const reports = new PharmacyReports(db, repos, stock);
  const monthly = new MonthlyReports(db, repos, now);
  const district = new DistrictService(db, repos, now, options.district);
  const lan = new LanService(db, repos, now);
  /** A counter number is fixed while its shift is open or its records still wait for the district. */
  const counterInUse = (counterId: string, next: string): string | null => {
    const holder = shifts.openHolder(counterId);
    if (holder) return `收费台 ${counterId} 有未交班的班次（${holder}），请先交班`;
    const { waiting } = district.status();
    if (waiting > 0) return `还有 ${waiting} 笔记录等待上传医保中心，请先上传完毕`;
    const window = lan.counterHolder(next);
    return window ? `收费台号 ${next} 已由终端「${window}」使用` : null;
  };

  const handlers: Handlers = {
    ...systemHandlers(system),
    ...authHandlers(auth),
    ...shiftHandlers(shifts),
    ...catalogueHandlers(catalogue),
    ...peopleHandlers(repos, people),
    ...policyHandlers(db, repos),
    ...settlementHandlers(settlements),
    ...inpatientHandlers(inpatient),
    ...deviceHandlers(devices),
    ...printHandlers(prints, printing, now),
    ...pharmacyHandlers(stock),
    ...reportHandlers({ daily: dailySheets, monthly, pharmacy: reports }),
    ...districtHandlers(district),
    ...lanHandlers(lan),
  };

  const dispatch = createDispatcher(handlers, {
    ...(options.logError ? { logError: options.logError } : {}),
    readOnly: () => options.readOnly ?? null,
  });
  return {
    db,
    file,
    migration,
    repos,
    devices,
    startDevices: async ({ drainEveryMs }) => {
      await devices.start();
      printing.start(drainEveryMs);
    },
    district,
    lan,
    dispatch,
    callFrom: (transport, token, method, input, origin) => {
      // A terminal's own service (its print worker) has no operator: it acts as that terminal, nothing more.
      const session = origin?.service ? null : auth.sessions.touch(token, origin?.terminalId);
      return dispatch(method, input, {
        transport,
        operator: session?.username ?? (origin?.service ? `terminal:${origin.terminalId}` : 'anonymous'),
        role: session?.role ?? null,
        token: origin?.service ? undefined : (token ?? undefined),
        ...(origin ? { counterId: origin.counterId, terminalId: origin.terminalId } : {}),
        ...(origin?.service ? { terminalService: true as const } : {}),
      });
    },
    close: () => {
      printing.stop();
      void devices.stop();
      district.stop();
      db.close();
    },
  };
}
