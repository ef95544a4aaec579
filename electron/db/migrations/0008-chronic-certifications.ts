import type { Migration } from '../migration';

/**
 * 门诊慢特病认定: a chronic-disease filing lets a person be billed as a chronic outpatient (its own pool and
 * serious-illness cover). A filing ends by a new row with an earlier end date, never by an edit.
 */
export const chronicCertifications: Migration = {
  version: 8,
  name: 'chronic-certifications',
  sql: /* sql */ `
    CREATE TABLE chronic_certifications (
      id           INTEGER PRIMARY KEY,
      person_id    INTEGER NOT NULL REFERENCES insured_people (id),
      disease_code TEXT NOT NULL,
      disease_name TEXT NOT NULL,
      valid_from   TEXT NOT NULL,
      valid_to     TEXT NOT NULL,
      CHECK (valid_from <= valid_to)
    ) STRICT;
    CREATE INDEX chronic_certifications_person ON chronic_certifications (person_id, valid_to);

    CREATE TRIGGER chronic_certifications_no_update BEFORE UPDATE ON chronic_certifications
      BEGIN SELECT RAISE(ABORT, '慢特病认定记录一经写入不可修改'); END;
    CREATE TRIGGER chronic_certifications_no_delete BEFORE DELETE ON chronic_certifications
      BEGIN SELECT RAISE(ABORT, '慢特病认定记录不可删除'); END;
  `,
};
