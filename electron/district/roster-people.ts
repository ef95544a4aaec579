import { ApiError } from '../../shared/api/errors';
import type { RosterPerson } from '../../shared/district/protocol';
import { idNumberProblem } from '../../shared/identity';
import type { Repositories } from '../db/repositories';
import type { Db } from '../db/open';
import { prepared } from '../db/statements';

/**
 * A person as the centre describes them (roster download, 1101), written into the local roster: new people
 * added, known ones brought up to date, certifications the counter lacks added (they are evidence, never
 * removed). Runs inside the caller's transaction.
 */
export function upsertRosterPerson(db: Db, repos: Repositories, p: Omit<RosterPerson, 'ytd' | 'incl_setl_ids'>): { personId: number; isNew: boolean } {
  const problem = idNumberProblem(p.psn_cert_no);
  if (problem) throw new ApiError('UNAVAILABLE', `中心名单中 ${p.psn_name} 的身份证号有误：${problem}`);
  const fields = {
    name: p.psn_name,
    gender: p.gend === '2' ? 'F' : 'M',
    birthDate: p.brdy,
    insuredType: p.insutype === '310' ? 'employee' : 'resident',
    groupsJson: JSON.stringify(p.groups ?? []),
    cardNo: p.card_no,
  } as const;
  const existing = prepared(db, 'SELECT id FROM insured_people WHERE id_number = ?').pluck().get(p.psn_cert_no) as number | undefined;
  let personId: number;
  if (existing === undefined) {
    personId = repos.people.insert({ idNumber: p.psn_cert_no, ...fields, groups: p.groups ?? [] });
  } else {
    personId = existing;
    prepared(
      db,
      `UPDATE insured_people SET name = @name, gender = @gender, birth_date = @birthDate, insured_type = @insuredType,
              groups_json = @groupsJson, card_no = @cardNo WHERE id = @personId`,
    ).run({ ...fields, personId });
  }
  const held = new Set(repos.people.certificationsOf(personId).map((c) => `${c.diseaseCode}|${c.validFrom}|${c.validTo}`));
  for (const c of p.certifications ?? []) {
    if (held.has(`${c.disease_code}|${c.valid_from}|${c.valid_to}`)) continue;
    repos.people.insertCertification(personId, { diseaseCode: c.disease_code, diseaseName: c.disease_name, validFrom: c.valid_from, validTo: c.valid_to });
  }
  return { personId, isNew: existing === undefined };
}
