import type { Role } from '../../../shared/roles';
import type { Db } from '../open';
import { prepared } from '../statements';

export interface User {
  id: number;
  username: string;
  name: string;
  role: Role;
}

export class UsersRepository {
  constructor(private readonly db: Db) {}

  count(): number {
    return (prepared(this.db, 'SELECT count(*) AS n FROM users WHERE active = 1').get() as { n: number }).n;
  }

  /** The name a person reads for an operator (the username if the account is unknown). */
  displayName(username: string): string {
    const row = prepared(this.db, 'SELECT name FROM users WHERE username = ?').get(username) as { name: string } | undefined;
    return row?.name ?? username;
  }

  insert(user: Omit<User, 'id'> & { passwordHash: string | null }): number {
    return Number(
      prepared(this.db, 'INSERT INTO users (username, name, role, password_hash) VALUES (@username, @name, @role, @passwordHash)').run(user)
        .lastInsertRowid,
    );
  }
}
