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

  insert(user: Omit<User, 'id'> & { passwordHash: string | null }): number {
    return Number(
      prepared(this.db, 'INSERT INTO users (username, name, role, password_hash) VALUES (@username, @name, @role, @passwordHash)').run(user)
        .lastInsertRowid,
    );
  }
}
