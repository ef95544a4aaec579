import type { CounterSettings, SystemInfo } from '../../shared/domain';
import { localDate } from '../../shared/dates';
import type { PharmacySettings } from '../../shared/pharmacy';
import { writeAudit } from '../audit/audit-log';
import type { CallContext } from '../api/handlers';
import { ApiError } from '../../shared/api/errors';
import type { Db } from '../db/open';
import { schemaVersion } from '../db/migrate';
import type { Repositories } from '../db/repositories';
import { PRODUCT_NAME, VERSION } from './product';

/**
 * Why this PC's counter number may not change now (an open shift, records waiting for the district, a
 * paired window holding the new number), or null. Given by the composition root: those facts belong to shifts and the district link, above us.
 */
export type CounterInUse = (current: string, next: string) => string | null;

export class SystemService {
  constructor(
    private readonly db: Db,
    private readonly repos: Repositories,
    private readonly now: () => Date,
    private readonly counterInUse: CounterInUse = () => null,
  ) {}

  /** What the title bar and 概况 show; a paired window sees its own counter number, not the server's. */
  info(context: Pick<CallContext, 'counterId'> = {}): SystemInfo {
    const { settings, catalogue, people, policies, users } = this.repos;
    return {
      productName: PRODUCT_NAME,
      version: VERSION,
      ...settings.counter(),
      counterId: settings.counterFor(context),
      schemaVersion: schemaVersion(this.db),
      demo: settings.get('demo') === '1',
      today: localDate(this.now()),
      counts: {
        catalogueItems: catalogue.count(),
        people: people.count(),
        policies: policies.count(),
        users: users.count(),
      },
    };
  }

  updatePharmacySettings(next: PharmacySettings, context: CallContext): PharmacySettings {
    return this.db.transaction(() => {
      const before = this.repos.settings.pharmacy();
      for (const [key, value] of Object.entries(next) as [keyof PharmacySettings, number][]) {
        this.repos.settings.set(key, String(value));
      }
      writeAudit(this.db, { actor: context.operator, action: 'pharmacy.settings', entity: 'settings', details: { before, after: next } });
      return this.repos.settings.pharmacy();
    }).immediate();
  }

  updateSettings(next: CounterSettings, context: CallContext): CounterSettings {
    return this.db.transaction(() => {
      const before = this.repos.settings.counter();
      if (next.counterId !== before.counterId) {
        // Receipt numbers, shifts and district record ids carry the counter number: changing it half-way
        // would split one counter's money across two numbers.
        const busy = this.counterInUse(before.counterId, next.counterId);
        if (busy) throw new ApiError('CONFLICT', `收费台号现在不能修改：${busy}`, { issues: [{ path: 'counterId', message: busy }] });
      }
      this.repos.settings.set('hospitalName', next.hospitalName);
      this.repos.settings.set('counterId', next.counterId);
      writeAudit(this.db, {
        actor: context.operator,
        action: 'settings.update',
        entity: 'settings',
        details: { before, after: next },
      });
      return this.repos.settings.counter();
    }).immediate();
  }
}
