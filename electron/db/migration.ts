/** One numbered schema change: plain SQL text, frozen once released (electron/db/migrations). */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}
