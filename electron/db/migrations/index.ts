import { foundation } from './0001-foundation';
import { settlementLedger } from './0002-settlement-ledger';
import { pharmacy } from './0003-pharmacy';
import { catalogueSearch } from './0004-catalogue-search';
import { signInAndShifts } from './0005-sign-in-and-shifts';
import { inpatient } from './0006-inpatient';
import { printQueue } from './0007-print-queue';
import { chronicCertifications } from './0008-chronic-certifications';
import { reportIndexes } from './0009-report-indexes';
import { districtUpload } from './0010-district-upload';
import { cashTendered } from './0011-cash-tendered';
import { lan } from './0012-lan';
import { printCounter } from './0013-print-counter';
import { installationId } from './0014-installation-id';

import type { Migration } from '../migration';

export type { Migration } from '../migration';

/** Every schema change, numbered from 1 without gaps. Append only: a released migration never changes. */
export const MIGRATIONS: readonly Migration[] = [foundation, settlementLedger, pharmacy, catalogueSearch, signInAndShifts, inpatient, printQueue, chronicCertifications, reportIndexes, districtUpload, cashTendered, lan, printCounter, installationId];

export const LATEST_VERSION = MIGRATIONS.length;
