/** Every demo operator's password; shown on the sign-in screen of a demo database, never elsewhere. */
export const DEMO_PASSWORD = '123456';

/**
 * The demo hospital's connection to the demo district centre (`npm run district:demo`, on this machine).
 * The key is a demo's, written into demo databases only.
 */
export const DEMO_DISTRICT = {
  baseUrl: 'http://127.0.0.1:5190',
  fixmedinsCode: 'H43072100001',
  fixmedinsName: '示范县青山镇卫生院（演示）',
  admdvs: '430721',
  key: 'demo-district-key-not-for-real-use',
} as const;

/** A 医保电子凭证 the demo centre knows (刘建国): type it into the counter's patient field to try a scan. */
export const DEMO_VOUCHER = 'EC430721195803120018DEMO';
