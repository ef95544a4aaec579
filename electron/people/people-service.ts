import { ApiError } from '../../shared/api/errors';
import type { InsuredPerson } from '../../shared/domain';
import { idNumberFacts, idNumberProblem } from '../../shared/identity';
import type { CallContext } from '../api/handlers';
import type { Repositories } from '../db/repositories';
import { writeAudit } from '../audit/audit-log';
import type { Db } from '../db/open';

/** The roster as the counter changes it: a walk-in not insured here is registered to be billed as self-pay. */
export class PeopleService {
  constructor(
    private readonly db: Db,
    private readonly repos: Repositories,
  ) {}

  registerWalkIn(input: { name: string; idNumber: string }, context: CallContext): InsuredPerson {
    const idNumber = input.idNumber.trim().toUpperCase();
    const problem = idNumberProblem(idNumber);
    if (problem) throw new ApiError('BAD_INPUT', problem, { issues: [{ path: 'idNumber', message: problem }] });
    return this.db.transaction(() => {
      const [existing] = this.repos.people.find(idNumber, 1);
      if (existing && existing.idNumber === idNumber) return existing;
      const id = this.repos.people.insert({
        idNumber,
        name: input.name,
        ...idNumberFacts(idNumber),
        insuredType: 'none',
        groups: [],
        cardNo: null,
      });
      writeAudit(this.db, { actor: context.operator, action: 'people.registerWalkIn', entity: `person:${id}`, details: { name: input.name } });
      return this.repos.people.get(id)!;
    }).immediate();
  }
}
