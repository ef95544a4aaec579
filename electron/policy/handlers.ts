import type { HandlerSlice, MethodsOf } from '../api/handlers';
import type { Db } from '../db/open';
import type { Repositories } from '../db/repositories';
import { importPolicy } from './policy-import';

export function policyHandlers(db: Db, repos: Repositories): HandlerSlice<MethodsOf<'policy'>> {
  return {
    'policy.list': () => repos.policies.list(),
    'policy.import': ({ document, effectiveFrom, effectiveTo }, context) =>
      importPolicy({ db, repos }, document, { from: effectiveFrom, to: effectiveTo }, context.operator),
  };
}
