import { foundation } from './0001-foundation';
import { settlementLedger } from './0002-settlement-ledger';

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

/** Every schema change, numbered from 1 without gaps. Append only: a released migration never changes. */
export const MIGRATIONS: readonly Migration[] = [foundation, settlementLedger];

export const LATEST_VERSION = MIGRATIONS.length;
