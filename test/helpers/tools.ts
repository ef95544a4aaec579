/**
 * Outside programs some suites need: socat (pty pairs for the printer path), Chromium (the UI tests) and
 * poppler-utils' pdftotext and pdffonts (reading the PDFs back). `.ci/run` installs them, so in CI
 * (`CI` set) a missing one fails the suite, naming the tool and its Debian package; on a developer's
 * machine without CI the suite is skipped instead, with the reason in its name and on stderr.
 *
 *   const socat = requireTool('socat');
 *   socat.describe('receipts through the print queue', () => { … });   // or socat.it(…) for one test
 *   const poppler = requireTool('pdftotext', 'pdffonts');              // several: all must be there
 */
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import { describe, it, type TestFunction, type TestOptions } from 'vitest';

export const TOOLS = {
  socat: { apt: 'socat', why: 'makes the pseudo-terminal pairs of the receipt printer path' },
  chromium: { apt: 'chromium', why: 'runs the UI tests headless' },
  pdftotext: { apt: 'poppler-utils', why: 'reads the report PDFs back as text' },
  pdffonts: { apt: 'poppler-utils', why: 'lists the fonts embedded in the report PDFs' },
} as const;
export type ToolName = keyof typeof TOOLS;

/** The absolute path of an executable on PATH, or null. */
export function onPath(name: string): string | null {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (!dir) continue;
    const candidate = join(dir, name);
    if (isExecutable(candidate)) return candidate;
  }
  return null;
}

function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** Where the tool is, or null. Chromium: CHROMIUM_PATH when set (and nothing else), else /usr/bin/chromium or PATH. */
export function findTool(name: ToolName): string | null {
  if (name === 'chromium') {
    const configured = process.env.CHROMIUM_PATH;
    if (configured) return isExecutable(configured) ? configured : null;
    return isExecutable('/usr/bin/chromium') ? '/usr/bin/chromium' : onPath('chromium');
  }
  return onPath(name);
}

/** True when running in CI (`CI=true`, as `.ci/run` and most CI systems set it). */
export function inCi(): boolean {
  const ci = process.env.CI?.trim().toLowerCase();
  return ci !== undefined && ci !== '' && ci !== '0' && ci !== 'false';
}

/** Why the tools are missing and how to get them, in one line. */
export function missingMessage(...names: ToolName[]): string {
  const where = names.map((name) =>
    name === 'chromium' && process.env.CHROMIUM_PATH ? `CHROMIUM_PATH=${process.env.CHROMIUM_PATH} is not an executable` : `${name} is not on PATH`,
  );
  const why = names.map((name) => `${name} ${TOOLS[name].why}`);
  const apt = [...new Set(names.map((name) => TOOLS[name].apt))];
  const orPath = names.includes('chromium') ? ' (or set CHROMIUM_PATH to its executable)' : '';
  return `${where.join(', ')} (${why.join('; ')}); install with: apt-get install ${apt.join(' ')}${orPath}`;
}

/** The tool's path, or an error saying which tool is missing and which apt package has it. */
export function toolPath(name: ToolName): string {
  const path = findTool(name);
  if (!path) throw new Error(missingMessage(name));
  return path;
}

export class MissingToolError extends Error {
  constructor(readonly tools: ToolName[]) {
    super(`${missingMessage(...tools)} — CI is set, so a suite that needs ${tools.join(' and ')} fails instead of skipping (.ci/run installs it)`);
    this.name = 'MissingToolError';
  }
}

type SuiteFn = (name: string, fn: () => void) => void;
interface TestFn {
  (name: string, fn: TestFunction, timeout?: number): void;
  (name: string, options: TestOptions, fn: TestFunction): void;
}

export interface RequiredTools {
  /** Every tool is there (always true in CI, where requireTool throws instead). */
  found: boolean;
  /** The tools that are not there, outside CI. */
  missing: ToolName[];
  /** `describe`, or `describe.skip` with "— SKIPPED: <reason>" in the suite's name when a tool is missing. */
  describe: SuiteFn;
  /** `it`, or `it.skip` with the reason in the test's name when a tool is missing. */
  it: TestFn;
}

const warned = new Set<string>();

/**
 * Declares that a suite needs outside programs. Call it at the top of the test file: in CI a missing tool
 * throws here, so the whole file fails with the tool and its apt package named. Without CI a missing tool
 * makes `.describe` / `.it` skip, saying why (also once on stderr).
 */
export function requireTool(...names: [ToolName, ...ToolName[]]): RequiredTools {
  const missing = names.filter((name) => findTool(name) === null);
  if (missing.length === 0) return { found: true, missing, describe, it: it as TestFn };
  if (inCi()) throw new MissingToolError(missing);
  const reason = `SKIPPED: ${missingMessage(...missing)}`;
  if (!warned.has(reason)) {
    warned.add(reason);
    console.warn(`[tests] ${reason}`);
  }
  const label = (title: string) => `${title} — ${reason}`;
  return {
    found: false,
    missing,
    describe: (title, fn) => describe.skip(label(title), fn),
    it: ((title: string, a?: TestFunction | TestOptions | number, b?: TestFunction | number) =>
      (it.skip as (...args: unknown[]) => void)(label(title), a, b)) as TestFn,
  };
}
