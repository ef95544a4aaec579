import { useEffect, useRef, useState } from 'react';
import demoUsers from '../../../resources/demo/users.json';
import { DEMO_PASSWORD } from '../../../shared/demo';
import type { SignedInUser } from '../../../shared/domain';
import { ROLE_NAMES, type Role } from '../../../shared/roles';
import { api, session } from '../api';

/** Sign-in: username, Enter, password, Enter. A demo database lists its operators and their password. */
export function LoginScreen({ demo, onSignedIn }: { demo: boolean; onSignedIn: (user: SignedInUser) => void }) {
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const userRef = useRef<HTMLInputElement>(null);
  const passRef = useRef<HTMLInputElement>(null);
  useEffect(() => userRef.current?.focus(), []);

  const submit = async () => {
    if (busy) return;
    setBusy(true);
    try {
      const { token, user } = await api['auth.login']({ username, password });
      session.token = token;
      onSignedIn(user);
    } catch (e) {
      setError((e as Error).message);
      setPassword('');
      passRef.current?.focus();
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="login" data-testid="login">
      <h2>登录</h2>
      <label>
        用户名
        <input
          ref={userRef}
          value={username}
          autoComplete="username"
          onChange={(e) => setUsername(e.target.value)}
          onKeyDown={(e) => e.key === 'Enter' && passRef.current?.focus()}
        />
      </label>
      <label>
        密码
        <input
          ref={passRef}
          type="password"
          value={password}
          autoComplete="current-password"
          onChange={(e) => setPassword(e.target.value)}
          onKeyDown={(e) => e.key === 'Enter' && void submit()}
        />
      </label>
      <button onClick={() => void submit()} disabled={busy}>
        登录（Enter）
      </button>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {demo && (
        <p className="muted" data-testid="demo-accounts">
          演示账号（密码均为 {DEMO_PASSWORD}）：
          {demoUsers.users.map((u) => `${u.username}（${u.name}，${ROLE_NAMES[u.role as Role]}）`).join('、')}
        </p>
      )}
    </section>
  );
}
