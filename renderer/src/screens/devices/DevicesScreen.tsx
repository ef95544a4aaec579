import { useEffect, useRef, useState, type ReactNode } from 'react';
import type { DeviceSettings } from '../../../../shared/devices';
import type { SignedInUser } from '../../../../shared/domain';
import { api } from '../../api';
import { clockTime, Facts, messageOf, useApi, useApiCall, useShortcuts } from '../../kit';
import { DeviceSettingsForm } from './DeviceSettingsForm';
import { DeviceStatusPanel } from './DeviceStatusPanel';
import { PrintJobsPanel, type PendingJobs } from './PrintJobsPanel';

const REFRESH_MS = 5000;

type Action = 'testPrint' | 'readCard' | 'drain';

interface Outcome {
  action: Action;
  ok: boolean;
  title: string;
  body?: ReactNode;
}

const ACTION_NAMES: Record<Action, string> = { testPrint: '测试打印', readCard: '测试读卡', drain: '打印待打收据' };

function codeOf(error: unknown): string | undefined {
  return (error as { code?: string } | null)?.code;
}

/**
 * Counts the times a polled call was asked (each time its `loading` turns on), so what goes with it can be
 * asked alongside: the kit's useApiCall has no interval of its own.
 */
function useAskRounds(loading: boolean): number {
  const [seen, setSeen] = useState({ loading, rounds: 0 });
  if (seen.loading !== loading) setSeen({ loading, rounds: seen.rounds + (loading ? 1 : 0) });
  return seen.rounds;
}

/**
 * The receipts waiting to print, asked again with every round of the status; with the time of the answer,
 * for "refreshed at". Refused to some roles: asked once, then not every 5 s. It never fails as a call: a
 * refusal is what the panel shows.
 */
function usePendingJobs(round: number): { pending: PendingJobs; at: Date | null } {
  const refused = useRef<string | null>(null);
  const call = useApiCall(async (): Promise<{ pending: Exclude<PendingJobs, null>; at: Date }> => {
    if (refused.current !== null) return { pending: { forbidden: refused.current }, at: new Date() };
    try {
      return { pending: { jobs: await api['print.pending']() }, at: new Date() };
    } catch (e) {
      if (codeOf(e) === 'FORBIDDEN') refused.current = messageOf(e);
      return { pending: refused.current !== null ? { forbidden: refused.current } : { error: messageOf(e) }, at: new Date() };
    }
  }, String(round));
  return { pending: call.data?.pending ?? null, at: call.data?.at ?? null };
}

/**
 * 设备 (F7, 信息员; 院长/财务 read-only): the state of the receipt printer and the card reader, refreshed
 * every 5 s and on F5; test print (Alt+T), test card read (Alt+R), print the waiting receipts (Alt+Q); the
 * device settings (Alt+S saves, in the form).
 */
export function DevicesScreen({ user }: { user: SignedInUser }) {
  const canEdit = user.role === 'admin';
  const status = useApi('devices.status', {}, { refetchInterval: REFRESH_MS });
  const { pending, at } = usePendingJobs(useAskRounds(status.loading));
  // Asked afresh on every visit (useApiCall's answer is this screen's own): the form starts from what is saved now.
  const loaded = useApiCall(() => api['devices.settings'](), 'devices-settings');
  const [saved, setSaved] = useState<DeviceSettings | null>(null);
  const settings = saved ?? loaded.data;
  const [busy, setBusy] = useState<Action | null>(null);
  const [outcome, setOutcome] = useState<Outcome | null>(null);

  const firstField = useRef<HTMLSelectElement>(null);
  const screenRef = useRef<HTMLElement>(null);
  /** Asks the status again now (the pending list goes with it). */
  const refresh = () => status.reload();

  // Keyboard first: the information officer starts in the settings; others on the page itself.
  const settingsLoaded = settings !== null;
  useEffect(() => {
    if (canEdit && settingsLoaded) firstField.current?.focus();
    else screenRef.current?.focus();
  }, [canEdit, settingsLoaded]);

  const run = async (action: Action) => {
    if (busy) return;
    setBusy(action);
    setOutcome(null);
    try {
      setOutcome(await perform(action));
    } catch (e) {
      setOutcome({ action, ok: false, title: messageOf(e) });
    } finally {
      setBusy(null);
      refresh();
    }
  };

  const perform = async (action: Action): Promise<Outcome> => {
    switch (action) {
      case 'testPrint': {
        const result = await api['devices.testPrint']();
        return { action, ok: result.ok, title: result.message };
      }
      case 'readCard': {
        // Asked before the reader is set up, the answer is known here: no reader to read from.
        if (settings?.reader === null || status.data?.reader.configured === false) {
          return { action, ok: false, title: '读卡器未配置：请在下方「社保卡读卡器」中填写厂商号与产品号并保存' };
        }
        const card = await api['devices.readCard']();
        const id = card.identity;
        return {
          action,
          ok: true,
          title: '读卡成功',
          body: (
            <Facts
              testId="card-result"
              rows={[
                ['姓名', id.name],
                ['身份证号', <span className="code">{id.idNumber}</span>],
                ['社保卡号', <span className="code">{id.cardNo}</span>],
                ['有效期至', id.validUntil],
                [
                  '参保人名单',
                  <span data-testid="card-roster">{card.personId !== null ? `在名单中（参保人编号 ${card.personId}）` : '不在名单中：收费时可登记为自费病人'}</span>,
                ],
              ]}
            />
          ),
        };
      }
      case 'drain': {
        const report = await api['print.drain']();
        const ok = report.failed.length === 0;
        const parts = [
          ...(report.printed.length > 0 ? [`已打印 ${report.printed.length} 张`] : []),
          ...(ok ? [] : [`${report.failed.length} 张未打印（其余仍在队列中，打印机恢复后再打）`]),
        ];
        const title = parts.length === 0 ? '没有待打印的收据' : parts.join('，');
        return {
          action,
          ok,
          title,
          body:
            report.printed.length + report.failed.length > 0 ? (
              <ul data-testid="drain-result">
                {report.printed.length > 0 && <li>已打印：任务 {report.printed.join('、')}</li>}
                {report.failed.map((f) => (
                  <li key={f.jobId} className="error">
                    任务 {f.jobId} 未打印：{f.reason}
                  </li>
                ))}
              </ul>
            ) : undefined,
        };
      }
    }
  };

  // The page's keys, ahead of the shell's (F5 here refreshes instead of reloading or switching tabs).
  useShortcuts(
    true,
    {
      F5: refresh,
      'Shift+F5': refresh,
      'Alt+T': () => void run('testPrint'),
      'Alt+R': () => void run('readCard'),
      'Alt+Q': () => void run('drain'),
    },
    { phase: 'capture' },
  );

  const button = (action: Action, key: string) => (
    <button type="button" disabled={busy !== null} data-testid={`device-${action}`} onClick={() => void run(action)}>
      {ACTION_NAMES[action]} <kbd>{key}</kbd>
    </button>
  );

  return (
    <section data-testid="devices-screen" ref={screenRef} tabIndex={-1} style={{ outline: 'none' }}>
      <h2>设备</h2>
      <p className="hint">
        <kbd>F5</kbd> 刷新 · <kbd>Alt+T</kbd> 测试打印 · <kbd>Alt+R</kbd> 测试读卡 · <kbd>Alt+Q</kbd> 打印待打收据
        {canEdit && (
          <>
            {' '}· <kbd>Alt+S</kbd> 保存设置
          </>
        )}
        <span className="muted" data-testid="device-refreshed">
          {' '}· 每 5 秒自动刷新{at && `（上次 ${clockTime(at)}）`}
        </span>
      </p>
      <p className="form-row">
        {button('testPrint', 'Alt+T')} {button('readCard', 'Alt+R')} {button('drain', 'Alt+Q')}{' '}
        <button type="button" data-testid="device-refresh" onClick={refresh}>
          刷新 <kbd>F5</kbd>
        </button>
      </p>
      {busy && <p className="muted">正在{ACTION_NAMES[busy]}…</p>}
      {outcome && (
        <div className={outcome.ok ? 'ok-line' : 'error'} role={outcome.ok ? 'status' : 'alert'} data-testid="device-message">
          <strong>{ACTION_NAMES[outcome.action]}：</strong>
          {outcome.title}
          {outcome.body}
        </div>
      )}

      <h3>设备状态</h3>
      {status.error && (
        <p className="error" role="alert" data-testid="device-status-error">
          {status.error}
        </p>
      )}
      {status.data ? <DeviceStatusPanel status={status.data} /> : !status.error && <p className="muted">正在读取设备状态…</p>}

      <PrintJobsPanel pending={pending} />

      {loaded.error && (
        <p className="error" role="alert">
          {loaded.error}
        </p>
      )}
      {settings && (
        <DeviceSettingsForm
          initial={settings}
          canEdit={canEdit}
          status={status.data}
          firstFieldRef={firstField}
          onSaved={(next) => {
            setSaved(next);
            refresh();
          }}
        />
      )}
    </section>
  );
}
