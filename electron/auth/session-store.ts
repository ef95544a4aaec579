import { randomBytes } from 'node:crypto';
import type { Role } from '../../shared/roles';

export interface Session {
  token: string;
  userId: number;
  username: string;
  name: string;
  role: Role;
  /** The terminal the person signed in at (absent: this PC): a token carried to another window is useless. */
  terminalId?: number | undefined;
  expiresAt: number;
}

/** A counter is signed into for a working day; an idle session lapses so an unattended screen locks. */
const IDLE_MS = 30 * 60 * 1000;

/** Sessions live in the main process's memory only: a restart signs everyone out, nothing to steal on disk. */
export class SessionStore {
  private readonly sessions = new Map<string, Session>();

  constructor(private readonly clock: () => number = Date.now) {}

  create(user: Omit<Session, 'token' | 'expiresAt'>): Session {
    const session = { ...user, token: randomBytes(24).toString('base64url'), expiresAt: this.clock() + IDLE_MS };
    this.sessions.set(session.token, session);
    return session;
  }

  /** The live session for a token used where it was made, its idle timer renewed; null when unknown or lapsed. */
  touch(token: string | undefined | null, terminalId?: number): Session | null {
    if (!token) return null;
    const session = this.sessions.get(token);
    if (!session || session.terminalId !== terminalId) return null;
    if (session.expiresAt < this.clock()) {
      this.sessions.delete(token);
      return null;
    }
    session.expiresAt = this.clock() + IDLE_MS;
    return session;
  }

  end(token: string): void {
    this.sessions.delete(token);
  }
}
