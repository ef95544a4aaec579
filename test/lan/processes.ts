/**
 * Real `counter` processes for the hospital network tests: a server (`serve --lan`), terminals
 * (`terminal serve`) and one-shot commands, with every wait bounded and every process stopped at the end.
 *
 *   const server = await startCounter(['serve', '--lan', '127.0.0.1:0', …], [/局域网）已启动：(\S+)/]);
 *   await stopAll();   // in afterAll
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { Envelope } from '../../shared/api/errors';
import { snapshot } from '../helpers/temp-app';

const BIN = join(import.meta.dirname, '../../electron/cli/bin.mjs');
const running = new Set<RunningCounter>();

export interface RunningCounter {
  child: ChildProcess;
  output(): string;
  /** SIGTERM (or the given signal), then SIGKILL if it has not exited within 5 s. */
  stop(signal?: NodeJS.Signals): Promise<void>;
}

/**
 * Starts `counter …` and waits (at most `timeoutMs`) until every pattern has matched its stdout; returns
 * the matches. Fails with the process's output if it exits first or the time runs out.
 */
export function startCounter(args: string[], patterns: RegExp[], timeoutMs = 20_000): Promise<{ proc: RunningCounter; matches: RegExpExecArray[] }> {
  const child = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const proc: RunningCounter = {
    child,
    output: () => stdout + stderr,
    stop: async (signal = 'SIGTERM') => {
      running.delete(proc);
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill(signal);
      const killed = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(killed);
    },
  };
  running.add(proc);
  return new Promise((resolve, reject) => {
    const fail = (why: string) => {
      clearTimeout(timer);
      void proc.stop('SIGKILL');
      reject(new Error(`counter ${args.join(' ')}：${why}\n${stdout}${stderr}`));
    };
    const timer = setTimeout(() => fail(`${timeoutMs} ms 内未就绪`), timeoutMs);
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const matches = patterns.map((p) => p.exec(stdout));
      if (matches.every((m) => m !== null)) {
        clearTimeout(timer);
        resolve({ proc, matches: matches as RegExpExecArray[] });
      }
    });
    child.once('exit', (code, signal) => fail(`提前退出（${code ?? signal}）`));
  });
}

export async function stopAll(): Promise<void> {
  await Promise.all([...running].map((proc) => proc.stop('SIGKILL')));
}

/** One page call to a loopback browser host (the server's own, or a terminal's), as the renderer makes it. */
export async function pageCall(hostUrl: string, method: string, input: unknown = {}, token?: string): Promise<{ status: number; envelope: Envelope }> {
  const response = await fetch(new URL(`/api/${method}`, hostUrl), {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { 'x-counter-session': token } : {}) },
    body: JSON.stringify(input),
    signal: AbortSignal.timeout(20_000),
  });
  return { status: response.status, envelope: (await response.json()) as Envelope };
}

/**
 * Every row of the server's database, read from the side while it runs: proves a refusal changed nothing.
 * Leaves out print_attempts: the server's print worker, with no printer in these tests, records every few
 * seconds why the receipts still wait, whatever the terminals do.
 */
export function serverRows(file: string): Record<string, unknown[]> {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const { print_attempts: _background, ...rows } = snapshot(db as never);
    return rows;
  } finally {
    db.close();
  }
}

export function queryServer<T>(file: string, sql: string): T[] {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    return db.prepare(sql).all() as T[];
  } finally {
    db.close();
  }
}
