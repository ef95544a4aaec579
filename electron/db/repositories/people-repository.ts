import type { ChronicCertification, InsuredPerson } from '../../../shared/domain';
import type { Db } from '../open';
import { prepared } from '../statements';

interface PersonRow {
  id: number;
  id_number: string;
  name: string;
  gender: 'M' | 'F';
  birth_date: string;
  insured_type: InsuredPerson['insuredType'];
  groups_json: string;
  card_no: string | null;
}

function toPerson(row: PersonRow, certifications: ChronicCertification[]): InsuredPerson {
  return {
    certifications,
    id: row.id,
    idNumber: row.id_number,
    name: row.name,
    gender: row.gender,
    birthDate: row.birth_date,
    insuredType: row.insured_type,
    groups: JSON.parse(row.groups_json) as string[],
    cardNo: row.card_no,
  };
}

export class PeopleRepository {
  constructor(private readonly db: Db) {}

  count(): number {
    return (prepared(this.db, 'SELECT count(*) AS n FROM insured_people').get() as { n: number }).n;
  }

  /** An ID number or card number finds exactly that person; anything else matches names. */
  find(query: string, limit: number): InsuredPerson[] {
    const upper = query.toUpperCase();
    const rows = prepared(
        this.db,
        `SELECT * FROM insured_people
          WHERE id_number = :upper OR card_no = :upper OR name LIKE :name ESCAPE '\\'
          ORDER BY (id_number = :upper OR card_no = :upper) DESC, name, id
          LIMIT :limit`,
      )
      .all({ upper, name: `%${query.replace(/[\\%_]/g, (c) => `\\${c}`)}%`, limit }) as PersonRow[];
    return rows.map((row) => toPerson(row, this.certificationsOf(row.id)));
  }

  certificationsOf(personId: number): ChronicCertification[] {
    return prepared(
      this.db,
      `SELECT disease_code AS diseaseCode, disease_name AS diseaseName, valid_from AS validFrom, valid_to AS validTo
         FROM chronic_certifications WHERE person_id = ? ORDER BY valid_to DESC, id DESC`,
    ).all(personId) as ChronicCertification[];
  }

  insertCertification(personId: number, c: ChronicCertification): void {
    prepared(
      this.db,
      `INSERT INTO chronic_certifications (person_id, disease_code, disease_name, valid_from, valid_to)
       VALUES (@personId, @diseaseCode, @diseaseName, @validFrom, @validTo)`,
    ).run({ personId, ...c });
  }

  get(id: number): InsuredPerson | null {
    const row = prepared(this.db, 'SELECT * FROM insured_people WHERE id = ?').get(id) as PersonRow | undefined;
    return row ? toPerson(row, this.certificationsOf(row.id)) : null;
  }

  insert(person: Omit<InsuredPerson, 'id' | 'certifications'>): number {
    const result = prepared(
        this.db,
        `INSERT INTO insured_people (id_number, name, gender, birth_date, insured_type, groups_json, card_no)
         VALUES (@idNumber, @name, @gender, @birthDate, @insuredType, @groupsJson, @cardNo)`,
      )
      .run({ ...person, groupsJson: JSON.stringify(person.groups) });
    return Number(result.lastInsertRowid);
  }
}
