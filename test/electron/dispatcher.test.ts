import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { api, METHOD_NAMES } from '../../shared/api/contract';
import { ROLES } from '../../shared/roles';
import { createDispatcher } from '../../electron/api/dispatcher';
import type { Handlers } from '../../electron/api/handlers';
import { envelopeCaller } from '../helpers/client';
import { openDemoApp, snapshot, TEST_CONTEXT } from '../helpers/temp-app';
import { openCounterApp } from '../../electron/app/counter-app';
import { DEMO_PASSWORD } from '../../shared/demo';

let app: ReturnType<typeof openDemoApp>;
beforeEach(() => {
  app = openDemoApp();
});
afterEach(() => app.dispose());

describe('the API contract', () => {
  it('declares for every method who may call it and whether it changes data', () => {
    for (const name of METHOD_NAMES) {
      const spec = api[name];
      expect(spec.roles.length, name).toBeGreaterThan(0);
      for (const role of spec.roles) expect(ROLES).toContain(role);
      expect(typeof spec.mutates, name).toBe('boolean');
      expect(spec.summary, name).toMatch(/[\u4e00-\u9fff]/);
    }
  });
});

describe('the dispatcher', () => {
  it('answers a valid call', async () => {
    const result = await envelopeCaller(app)('catalogue.search', { query: 'amxl' });
    expect(result.ok).toBe(true);
    expect(result.ok && result.result[0]?.name).toBe('阿莫西林胶囊');
  });

  it('refuses a malformed mutating call with a Chinese message naming the fields, and changes nothing', async () => {
    const before = snapshot(app.db);
    const calls: unknown[] = [
      { hospitalName: '', counterId: '01' },
      { hospitalName: '新名字', counterId: 'x y z' },
      { hospitalName: 42, counterId: '01' },
      { hospitalName: '新名字', counterId: '01', extra: 'drop table' },
      null,
      'not an object',
      [],
    ];
    for (const input of calls) {
      const result = await app.dispatch('system.updateSettings', input, TEST_CONTEXT);
      expect(result.ok, JSON.stringify(input)).toBe(false);
      if (result.ok) continue;
      expect(result.error.code).toBe('BAD_INPUT');
      expect(result.error.message).toMatch(/[\u4e00-\u9fff]/);
      expect(result.error.details?.issues?.length).toBeGreaterThan(0);
    }
    const first = await app.dispatch('system.updateSettings', { hospitalName: '', counterId: 'x y' }, TEST_CONTEXT);
    expect(!first.ok && first.error.details?.issues?.map((i) => i.path)).toEqual(['hospitalName', 'counterId']);
    expect(!first.ok && first.error.message).toContain('请输入医院名称');
    expect(snapshot(app.db)).toEqual(before);
  });

  it('applies a valid mutating call with an audit row in the same transaction', async () => {
    // The test app opened a shift at counter 01: a number changes only with no shift open (issue 13).
    await app.dispatch('shift.close', { counts: {}, note: '' }, TEST_CONTEXT);
    const result = await app.dispatch('system.updateSettings', { hospitalName: '青山镇卫生院', counterId: '02' }, TEST_CONTEXT);
    expect(result).toEqual({ ok: true, result: { hospitalName: '青山镇卫生院', counterId: '02' } });
    const audit = app.db.prepare("SELECT actor, action FROM audit_log WHERE action = 'settings.update'").all();
    expect(audit).toEqual([{ actor: 'tester', action: 'settings.update' }]);
  });

  it('refuses unknown methods', async () => {
    const result = await app.dispatch('catalogue.drop', {}, TEST_CONTEXT);
    expect(result).toMatchObject({ ok: false, error: { code: 'UNKNOWN_METHOD' } });
    expect(!result.ok && result.error.message).toContain('catalogue.drop');
    expect(await app.dispatch({ toString: () => 'x' }, {}, TEST_CONTEXT)).toMatchObject({ ok: false });
  });

  it('hides internal failures behind a Chinese message and reports them to the log', async () => {
    const logged: unknown[] = [];
    const handlers = Object.fromEntries(
      METHOD_NAMES.map((name) => [name, () => { throw new Error('disk on fire'); }]),
    ) as unknown as Handlers;
    const dispatch = createDispatcher(handlers, { logError: (_m, e) => logged.push(e) });
    const result = await dispatch('system.info', {}, TEST_CONTEXT);
    expect(result).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
    expect(!result.ok && result.error.message).not.toContain('disk on fire');
    expect(!result.ok && result.error.message).toContain('数据未改动');
    expect(logged).toHaveLength(1);
  });
});

describe('a read-only app (the contract’s mutates flag)', () => {
  it('refuses every mutating method in Chinese and changes nothing, while reads and sign-in still work', async () => {
    const readOnly = openCounterApp({ dataDir: app.dataDir, logError: () => {}, readOnly: '只读副本' });
    try {
      const before = snapshot(readOnly.db);
      const refused = await readOnly.dispatch('system.updateSettings', { hospitalName: '新名字', counterId: '01' }, TEST_CONTEXT);
      expect(refused.ok).toBe(false);
      expect(!refused.ok && refused.error.code).toBe('READ_ONLY');
      expect(!refused.ok && refused.error.message).toBe('「修改医院名称与收费台编号」无法执行：只读副本');
      const read = await readOnly.dispatch('catalogue.search', { query: 'amxl' }, TEST_CONTEXT);
      expect(read.ok).toBe(true);
      const mutating = METHOD_NAMES.filter((name) => api[name].mutates && !('public' in api[name] && api[name].public));
      for (const name of mutating) {
        const answer = await readOnly.dispatch(name, {}, TEST_CONTEXT);
        expect(!answer.ok && answer.error.code, name).toBe('READ_ONLY');
      }
      expect(snapshot(readOnly.db)).toEqual(before);
      const signIn = await readOnly.dispatch('auth.login', { username: 'zhangli', password: DEMO_PASSWORD }, TEST_CONTEXT);
      expect(signIn.ok).toBe(true);
    } finally {
      readOnly.close();
    }
  });
});
