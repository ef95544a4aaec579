import { useRef } from 'react';
import demoUsers from '../../../resources/demo/users.json';
import { DEMO_PASSWORD } from '../../../shared/demo';
import type { SignedInUser } from '../../../shared/domain';
import { ROLE_NAMES, type Role } from '../../../shared/roles';
import { api, session } from '../api';
import { Field, FormError, useForm } from '../kit';

/** Sign-in: username, Enter, password, Enter. A demo database lists its operators and their password. */
export function LoginScreen({ demo, onSignedIn }: { demo: boolean; onSignedIn: (user: SignedInUser) => void }) {
  // Taken apart: React's lint reads every property of an object holding a ref (scopeRef) as a ref.
  const { field, set, error, busy, scopeRef, submit } = useForm({ username: '', password: '' });
  const passRef = useRef<HTMLInputElement | null>(null);

  const signIn = async () => {
    const signedIn = await submit((values) => api['auth.login'](values));
    if (signedIn) {
      session.token = signedIn.token;
      onSignedIn(signedIn.user);
    } else {
      // A refused sign-in asks for the password again.
      set({ password: '' });
      passRef.current?.focus();
    }
  };

  return (
    <section ref={scopeRef} className="login" data-testid="login" data-keyscope>
      <h2>登录</h2>
      {/* The kit's field has no autoComplete: set on the input, so a browser offers the saved operator. */}
      <Field label="用户名" {...field('username')} autoFocus inputRef={(input) => input?.setAttribute('autocomplete', 'username')} />
      <Field
        label="密码"
        type="password"
        {...field('password')}
        onEnter={() => void signIn()}
        inputRef={(input) => {
          passRef.current = input;
          input?.setAttribute('autocomplete', 'current-password');
        }}
      />
      <button onClick={() => void signIn()} disabled={busy}>
        登录（Enter）
      </button>
      <FormError error={error} />
      {demo && (
        <p className="muted" data-testid="demo-accounts">
          演示账号（密码均为 {DEMO_PASSWORD}）：
          {demoUsers.users.map((u) => `${u.username}（${u.name}，${ROLE_NAMES[u.role as Role]}）`).join('、')}
        </p>
      )}
    </section>
  );
}
