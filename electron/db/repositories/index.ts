import { CatalogueRepository } from './catalogue-repository';
import type { Db } from '../open';
import { PeopleRepository } from './people-repository';
import { PolicyRepository } from './policy-repository';
import { SettingsRepository } from './settings-repository';
import { UsersRepository } from './users-repository';

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
