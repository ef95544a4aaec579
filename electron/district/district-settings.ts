import type { CallContext } from '../api/handlers';
import { writeAudit } from '../audit/audit-log';
import type { Db } from '../db/open';
import type { SettingsRepository } from '../db/repositories/settings-repository';
import type { DistrictSettings, DistrictSettingsView } from '../../shared/district/types';

const DEFAULTS: DistrictSettings = {
  enabled: false,
  baseUrl: '',
  fixmedinsCode: '',
  fixmedinsName: '',
  admdvs: '',
  caPem: '',
  batchSize: 500,
  maxAgeSeconds: 60,
};

/** Everything the uploader needs to reach the centre, including the signing key (never shown to a page). */
export interface DistrictConnection extends DistrictSettings {
  key: string;
}

export class DistrictSettingsStore {
  constructor(
    private readonly db: Db,
    private readonly settings: SettingsRepository,
  ) {}

  connection(): DistrictConnection {
    const text = this.settings.get('district');
    const stored = text ? (JSON.parse(text) as Partial<DistrictSettings>) : {};
    return { ...DEFAULTS, ...stored, key: this.settings.get('districtKey') };
  }

  view(): DistrictSettingsView {
    const { key, ...settings } = this.connection();
    return { ...settings, hasKey: key !== '' };
  }

  isConfigured(c: DistrictConnection = this.connection()): boolean {
    return c.baseUrl !== '' && c.fixmedinsCode !== '' && c.key !== '';
  }

  update(next: DistrictSettings & { key?: string | undefined }, context: CallContext): DistrictSettingsView {
    const { key, ...settings } = next;
    this.db
      .transaction(() => {
        const before = this.view();
        this.settings.set('district', JSON.stringify(settings));
        if (key) this.settings.set('districtKey', key);
        // The key itself never reaches the audit log; that it changed does.
        writeAudit(this.db, {
          actor: context.operator,
          action: 'district.settings',
          entity: 'settings',
          details: { before, after: this.view(), keyChanged: Boolean(key) },
        });
      })
      .immediate();
    return this.view();
  }
}
