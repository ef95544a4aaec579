#!/usr/bin/env node
// `counter` runs from the TypeScript sources through tsx, so the CLI in the repository is always the code
// the tests exercise; nothing has to be built first.
import { register } from 'tsx/esm/api';

register();
const { run } = await import('./main.ts');
process.exitCode = await run(process.argv);
