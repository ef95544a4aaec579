import type { HandlerSlice } from '../api/handlers';
import type { Repositories } from '../db/repositories';
import type { PeopleService } from './people-service';

/** Finding and registering people; their year's usage is the ledger's, and 医保电子凭证 the district's. */
export function peopleHandlers(repos: Repositories, people: PeopleService): HandlerSlice<'people.find' | 'people.registerWalkIn'> {
  return {
    'people.find': ({ query, limit }) => repos.people.find(query, limit),
    'people.registerWalkIn': (input, context) => people.registerWalkIn(input, context),
  };
}
