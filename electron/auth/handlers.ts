import type { HandlerSlice, MethodsOf } from '../api/handlers';
import type { AuthService } from './auth-service';

export function authHandlers(auth: AuthService): HandlerSlice<MethodsOf<'auth'>> {
  return {
    'auth.login': ({ username, password }, context) => auth.login(username, password, context),
    'auth.me': (_input, context) => auth.me(context),
    'auth.logout': (_input, context) => {
      auth.logout(context);
      return null;
    },
  };
}
