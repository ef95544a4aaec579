import type { Migration } from '../migration';

/**
 * Every installation gets an id of its own (16 random hex digits), kept with the settings and never
 * changed: the district record ids carry it, so two installations can never name a record alike (two PCs
 * left at counter 01 once lost one PC's claims at the centre), and a hospital server shows it to terminals.
 */
export const installationId: Migration = {
  version: 14,
  name: 'installation-id',
  sql: /* sql */ `
    INSERT INTO settings (key, value)
      SELECT 'installationId', lower(hex(randomblob(8)))
      WHERE NOT EXISTS (SELECT 1 FROM settings WHERE key = 'installationId');
  `,
};
