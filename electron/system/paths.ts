import { homedir } from 'node:os';
import { join } from 'node:path';
import { PRODUCT_NAME } from './product';

/**
 * Where Electron keeps this app's user data (app.getPath('userData')), computed without Electron so the
 * CLI's `db check` looks at the same database the counter uses.
 */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform = process.platform): string {
  if (env.COUNTER_DATA_DIR) return env.COUNTER_DATA_DIR;
  if (platform === 'win32') return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), PRODUCT_NAME);
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', PRODUCT_NAME);
  return join(env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), PRODUCT_NAME);
}
