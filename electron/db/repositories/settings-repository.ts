import type { CounterSettings } from '../../../shared/domain';
import type { PharmacySettings } from '../../../shared/pharmacy';
import type { Db } from '../open';
import { prepared } from '../statements';

const DEFAULTS = {
  hospitalName: '未命名卫生院',
  counterId: '01',
  demo: '0',
  drugMarkupBp: '0',
  compensationMarginBp: '1500',
  lossAllowanceBp: '500',
  nearExpiryDays: '90',
  /** DeviceSettings as JSON; empty until the information officer sets the devices up. */
  devices: '',
  /** DistrictSettings as JSON (electron/district); empty until the information officer connects the centre. */
  district: '',
  /** The HMAC key the district centre issued; kept apart so no settings view ever carries it. */
  districtKey: '',
  /** Set once by migration 0014 (16 random hex digits); never changed. */
  installationId: '',
};

type Key = keyof typeof DEFAULTS;

export class SettingsRepository {
  constructor(private readonly db: Db) {}

  get(key: Key): string {
    const row = prepared(this.db, 'SELECT value FROM settings WHERE key = ?').get(key) as { value: string } | undefined;
    return row?.value ?? DEFAULTS[key];
  }

  set(key: Key, value: string): void {
    prepared(this.db, 'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value')
      .run(key, value);
  }

  counter(): CounterSettings {
    return { hospitalName: this.get('hospitalName'), counterId: this.get('counterId') };
  }

  /** The counter a call works at: the terminal's it came through (on the hospital server), else this PC's. */
  counterFor(call: { counterId?: string | undefined }): string {
    return call.counterId ?? this.get('counterId');
  }

  pharmacy(): PharmacySettings {
    return {
      drugMarkupBp: Number(this.get('drugMarkupBp')),
      compensationMarginBp: Number(this.get('compensationMarginBp')),
      lossAllowanceBp: Number(this.get('lossAllowanceBp')),
      nearExpiryDays: Number(this.get('nearExpiryDays')),
    };
  }
}
