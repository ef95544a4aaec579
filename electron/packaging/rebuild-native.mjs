// electron-builder `beforePack` hook. The tests run better-sqlite3 built for Node; the packaged app needs it
// built for Electron's ABI. Only better-sqlite3 is rebuilt (node-hid and serialport ship N-API prebuilds),
// and `npm run dist:*` rebuilds it for Node again afterwards so the tests keep working.
import { rebuild } from '@electron/rebuild';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const ARCH_NAMES = { 0: 'ia32', 1: 'x64', 2: 'armv7l', 3: 'arm64', 4: 'universal' };

export default async function beforePack(context) {
  const projectDir = context.packager.projectDir;
  const electronVersion = JSON.parse(readFileSync(join(projectDir, 'node_modules/electron/package.json'), 'utf8')).version;
  await rebuild({
    buildPath: projectDir,
    electronVersion,
    arch: ARCH_NAMES[context.arch] ?? context.arch,
    onlyModules: ['better-sqlite3'],
    force: true,
  });
}
