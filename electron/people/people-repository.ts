import type { InsuredPerson } from '../../shared/domain';
import type { Db } from '../db/open';
import { prepared } from '../db/statements';

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

function toPerson(row: PersonRow): InsuredPerson {
  return {
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
    return rows.map(toPerson);
  }

  get(id: number): InsuredPerson | null {
    const row = prepared(this.db, 'SELECT * FROM insured_people WHERE id = ?').get(id) as PersonRow | undefined;
    return row ? toPerson(row) : null;
  }

  insert(person: Omit<InsuredPerson, 'id'>): number {
    const result = prepared(
        this.db,
        `INSERT INTO insured_people (id_number, name, gender, birth_date, insured_type, groups_json, card_no)
         VALUES (@idNumber, @name, @gender, @birthDate, @insuredType, @groupsJson, @cardNo)`,
      )
      .run({ ...person, groupsJson: JSON.stringify(person.groups) });
    return Number(result.lastInsertRowid);
  }
}
