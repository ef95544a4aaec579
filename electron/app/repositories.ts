import { CatalogueRepository } from '../catalogue/catalogue-repository';
import type { Db } from '../db/open';
import { PeopleRepository } from '../people/people-repository';
import { PolicyRepository } from '../policy/policy-repository';
import { SettingsRepository } from '../system/settings-repository';
import { UsersRepository } from '../system/users-repository';

export interface Repositories {
  settings: SettingsRepository;
  users: UsersRepository;
  catalogue: CatalogueRepository;
  people: PeopleRepository;
  policies: PolicyRepository;
}

export function createRepositories(db: Db): Repositories {
  return {
    settings: new SettingsRepository(db),
    users: new UsersRepository(db),
    catalogue: new CatalogueRepository(db),
    people: new PeopleRepository(db),
    policies: new PolicyRepository(db),
  };
}
