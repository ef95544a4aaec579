import { foundation } from './0001-foundation';

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

/** Every schema change, numbered from 1 without gaps. Append only: a released migration never changes. */
export const MIGRATIONS: readonly Migration[] = [foundation];

export const LATEST_VERSION = MIGRATIONS.length;
