import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IDEMPOTENT_METHODS, isLedgerWrite, mayResend, placeOf, TERMINAL_METHODS } from '../../electron/lan/routing';
import { api, METHOD_NAMES } from '../../shared/api/contract';
import { openDemoApp, TEST_CONTEXT } from '../helpers/temp-app';

// Issue 13: where a call from a terminal's page runs is declared in the contract (`runsOn`), and one
// function reads it. These tests pin the table, so a new method that should run on the window's PC (or
// should not) is a deliberate change here.
describe('the terminal’s routing table, from the contract', () => {
  it('runs the devices, the print worker and the link on the terminal, everything else on the server', () => {
    expect(TERMINAL_METHODS).toEqual([
      'devices.settings',
      'devices.updateSettings',
      'devices.status',
      'devices.testPrint',
      'devices.readCard',
      'print.drain',
      'lan.link',
    ]);
    for (const method of METHOD_NAMES) {
      expect(['terminal', 'server'], method).toContain(placeOf(method));
      const runsOn = (api[method] as { runsOn?: unknown }).runsOn;
      expect(runsOn === undefined || runsOn === 'terminal', `${method}: runsOn ${String(runsOn)}`).toBe(true);
    }
    expect(placeOf('settlement.settle')).toBe('server');
    expect(placeOf('print.jobsForPrinter')).toBe('server');
    expect(placeOf('auth.me')).toBe('server');
  });

  it('refuses ledger writes while offline, not sign-in and not the terminal’s own writes', () => {
    expect(isLedgerWrite('settlement.settle')).toBe(true);
    expect(isLedgerWrite('inpatient.deposit')).toBe(true);
    expect(isLedgerWrite('shift.open')).toBe(true);
    expect(isLedgerWrite('auth.login')).toBe(false);
    expect(isLedgerWrite('settlement.preview')).toBe(false);
    expect(isLedgerWrite('devices.updateSettings')).toBe(false); // the terminal's own database
    expect(isLedgerWrite('print.drain')).toBe(false);
  });

  it('resends after a lost answer only what the server deduplicates by clientRequestId', () => {
    expect([...IDEMPOTENT_METHODS].sort()).toEqual([
      'inpatient.admit',
      'inpatient.charge',
      'inpatient.deposit',
      'inpatient.discharge',
      'settlement.refund',
      'settlement.settle',
    ]);
    expect(mayResend('settlement.settle', { clientRequestId: 'abc-0001' })).toBe(true);
    expect(mayResend('settlement.settle', {})).toBe(false);
    expect(mayResend('shift.open', { clientRequestId: 'abc-0001' })).toBe(false);
    expect(mayResend('print.report', { jobId: 1, outcome: 'printed' })).toBe(false);
  });

  it('lets a terminal’s background service call only its print jobs', () => {
    expect(METHOD_NAMES.filter((m) => (api[m] as { terminalService?: boolean }).terminalService)).toEqual(['print.jobsForPrinter', 'print.report']);
  });
});

describe('the dispatcher and a terminal’s service calls', () => {
  let app: ReturnType<typeof openDemoApp>;
  beforeAll(() => {
    app = openDemoApp();
  });
  afterAll(() => app.dispose());

  const window02 = { terminalId: 7, counterId: '02' };

  it('runs print.jobsForPrinter and print.report for a terminal’s credential alone, as that counter', async () => {
    const jobs = await app.callFrom('lan', undefined, 'print.jobsForPrinter', { paper: 80 }, { ...window02, service: true });
    expect(jobs).toEqual({ ok: true, result: [] });
    const report = await app.callFrom('lan', undefined, 'print.report', { jobId: 999_999, outcome: 'printed' }, { ...window02, service: true });
    expect(report).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } }); // it ran: the job does not exist
  });

  it('refuses the same methods to pages without a session, over every page transport', async () => {
    for (const transport of ['http', 'ipc', 'lan'] as const) {
      const origin = transport === 'lan' ? window02 : undefined;
      for (const [method, input] of [
        ['print.jobsForPrinter', { paper: 80 }],
        ['print.report', { jobId: 1, outcome: 'printed' }],
      ] as const) {
        expect(await app.callFrom(transport, undefined, method, input, origin), `${transport} ${method}`).toMatchObject({
          ok: false,
          error: { code: 'FORBIDDEN', message: '请先登录' },
        });
      }
    }
    // The flag means nothing off the LAN, or without the terminal the LAN server checked.
    const forged = { ...TEST_CONTEXT, transport: 'http' as const, terminalService: true as const, terminalId: 7, counterId: '02' };
    expect(await app.dispatch('print.jobsForPrinter', { paper: 80 }, forged)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    const noTerminal = { ...TEST_CONTEXT, transport: 'lan' as const, terminalService: true as const };
    expect(await app.dispatch('print.jobsForPrinter', { paper: 80 }, noTerminal)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });

  it('refuses a terminal’s service every other method, money first', async () => {
    for (const method of ['settlement.settle', 'shift.current', 'print.pending', 'lan.terminals', 'people.find'] as const) {
      const answer = await app.callFrom('lan', undefined, method, {}, { ...window02, service: true });
      expect(answer, method).toMatchObject({ ok: false, error: { code: 'FORBIDDEN', message: expect.stringContaining('终端后台服务不能执行') } });
    }
  });
});
