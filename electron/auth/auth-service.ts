import { ApiError } from '../../shared/api/errors';
import type { SignedInUser } from '../../shared/domain';
import { ROLE_NAMES, type Role } from '../../shared/roles';
import type { CallContext } from '../api/handlers';
import { writeAudit } from '../audit/audit-log';
import type { Db } from '../db/open';
import { prepared } from '../db/statements';
import { verifyPassword } from './passwords';
import { SessionStore, type Session } from './session-store';


interface UserRow {
  id: number;
  username: string;
  name: string;
  role: Role;
  password_hash: string | null;
}

const WRONG = '用户名或密码不正确';

/** Sign-in, sessions, and a manager's approval given on the spot (退费审批). */
export class AuthService {
  readonly sessions: SessionStore;

  constructor(private readonly db: Db) {
    this.sessions = new SessionStore();
  }

  login(username: string, password: string, context?: Pick<CallContext, 'terminalId'>): { token: string; user: SignedInUser } {
    const user = this.verify(username, password);
    const session = this.sessions.create({ userId: user.id, username: user.username, name: user.name, role: user.role, terminalId: context?.terminalId });
    writeAudit(this.db, { actor: user.username, action: 'auth.login', entity: `user:${user.id}` });
    return { token: session.token, user: toSignedIn(session) };
  }

  logout(context: CallContext): void {
    if (context.token) this.sessions.end(context.token);
  }

  me(context: CallContext): SignedInUser | null {
    const session = this.sessions.touch(context.token, context.terminalId);
    return session ? toSignedIn(session) : null;
  }

  /** Checks a manager's own credentials, typed at the cashier's screen; returns who approved. */
  approveAsManager(approval: { username: string; password: string }): SignedInUser {
    const user = this.verify(approval.username, approval.password);
    if (user.role !== 'manager') throw new ApiError('FORBIDDEN', `${user.name}（${ROLE_NAMES[user.role]}）不能审批，须由院长/财务审批`);
    return { username: user.username, name: user.name, role: user.role, roleName: ROLE_NAMES[user.role] };
  }

  private verify(username: string, password: string): UserRow {
    const user = prepared(this.db, 'SELECT id, username, name, role, password_hash FROM users WHERE username = ? AND active = 1').get(
      username.trim(),
    ) as UserRow | undefined;
    // Same message either way: the screen must not reveal which usernames exist.
    if (!user || !verifyPassword(password, user.password_hash)) throw new ApiError('FORBIDDEN', WRONG);
    return user;
  }
}

function toSignedIn(session: Session): SignedInUser {
  return { username: session.username, name: session.name, role: session.role, roleName: ROLE_NAMES[session.role] };
}
