/**
 * One numbered schema change: plain SQL text, frozen once released (electron/db/migrations). A migration
 * spells its SQL out and imports nothing but this type, so no later change to the code can change what it
 * creates; test/electron/frozen-migrations.test.ts pins the released text.
 */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}
