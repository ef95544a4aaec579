import { useCallback, useEffect, useRef, useState, type ReactNode } from 'react';
import type { DeviceSettings, DeviceStatus } from '../../../../shared/devices';
import type { SignedInUser } from '../../../../shared/domain';
import { api } from '../../api';
import { messageOf } from '../pharmacy/format';
import { clockTime } from './deviceFormat';
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
 * 设备 (F7, 信息员; 院长/财务 read-only): the state of the receipt printer and the card reader, refreshed
 * every 5 s and on F5; test print (Alt+T), test card read (Alt+R), print the waiting receipts (Alt+Q); the
 * device settings (Alt+S saves).
 */
export function DevicesScreen({ user }: { user: SignedInUser }) {
  const canEdit = user.role === 'admin';
  const [status, setStatus] = useState<{ data: DeviceStatus | null; error: string | null; at: Date | null }>({ data: null, error: null, at: null });
  const [pending, setPending] = useState<PendingJobs>(null);
  const [settings, setSettings] = useState<{ data: DeviceSettings | null; error: string | null }>({ data: null, error: null });
  const [busy, setBusy] = useState<Action | null>(null);
  const [outcome, setOutcome] = useState<Outcome | null>(null);

  const inFlight = useRef(false);
  /** The pending list is refused to some roles: asked once, then not every 5 s. */
  const pendingRefused = useRef(false);
  const firstField = useRef<HTMLSelectElement>(null);
  const screenRef = useRef<HTMLElement>(null);
  const saveRef = useRef<(() => void) | null>(null);

  const refresh = useCallback(async () => {
    if (inFlight.current) return;
    inFlight.current = true;
    try {
      const [statusResult, pendingResult] = await Promise.allSettled([
        api['devices.status'](),
        pendingRefused.current ? Promise.resolve(null) : api['print.pending'](),
      ]);
      const at = new Date();
      if (statusResult.status === 'fulfilled') setStatus({ data: statusResult.value, error: null, at });
      else setStatus((s) => ({ ...s, error: messageOf(statusResult.reason), at }));
      if (pendingResult.status === 'fulfilled') {
        if (pendingResult.value) setPending({ jobs: pendingResult.value });
      } else if (codeOf(pendingResult.reason) === 'FORBIDDEN') {
        pendingRefused.current = true;
        setPending({ forbidden: messageOf(pendingResult.reason) });
      } else setPending({ error: messageOf(pendingResult.reason) });
    } finally {
      inFlight.current = false;
    }
  }, []);

  useEffect(() => {
    void refresh();
    const timer = setInterval(() => void refresh(), REFRESH_MS);
    return () => clearInterval(timer);
  }, [refresh]);

  useEffect(() => {
    let live = true;
    api['devices.settings']().then(
      (data) => live && setSettings({ data, error: null }),
      (e: unknown) => live && setSettings({ data: null, error: messageOf(e) }),
    );
    return () => {
      live = false;
    };
  }, []);

  // Keyboard first: the information officer starts in the settings; others on the page itself.
  const settingsLoaded = settings.data !== null;
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
      void refresh();
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
        if (settings.data?.reader === null || status.data?.reader.configured === false) {
          return { action, ok: false, title: '读卡器未配置：请在下方「社保卡读卡器」中填写厂商号与产品号并保存' };
        }
        const card = await api['devices.readCard']();
        const id = card.identity;
        return {
          action,
          ok: true,
          title: '读卡成功',
          body: (
            <table className="facts" data-testid="card-result">
              <tbody>
                <tr><th>姓名</th><td>{id.name}</td></tr>
                <tr><th>身份证号</th><td className="code">{id.idNumber}</td></tr>
                <tr><th>社保卡号</th><td className="code">{id.cardNo}</td></tr>
                <tr><th>有效期至</th><td>{id.validUntil}</td></tr>
                <tr>
                  <th>参保人名单</th>
                  <td data-testid="card-roster">
                    {card.personId !== null ? `在名单中（参保人编号 ${card.personId}）` : '不在名单中：收费时可登记为自费病人'}
                  </td>
                </tr>
              </tbody>
            </table>
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
  const onKey = useRef<(e: KeyboardEvent) => boolean>(() => false);
  useEffect(() => {
    onKey.current = (e) => {
      if (e.key === 'F5' && !e.altKey && !e.ctrlKey && !e.metaKey) {
        void refresh();
        return true;
      }
      if (!e.altKey || e.ctrlKey || e.metaKey) return false;
      switch (e.code) {
        case 'KeyT':
          void run('testPrint');
          return true;
        case 'KeyR':
          void run('readCard');
          return true;
        case 'KeyQ':
          void run('drain');
          return true;
        case 'KeyS':
          saveRef.current?.();
          return true;
        default:
          return false;
      }
    };
  });
  useEffect(() => {
    const listener = (event: KeyboardEvent) => {
      if (onKey.current(event)) {
        event.preventDefault();
        event.stopPropagation();
      }
    };
    window.addEventListener('keydown', listener, true);
    return () => window.removeEventListener('keydown', listener, true);
  }, []);

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
          {' '}· 每 5 秒自动刷新{status.at && `（上次 ${clockTime(status.at)}）`}
        </span>
      </p>
      <p className="form-row">
        {button('testPrint', 'Alt+T')} {button('readCard', 'Alt+R')} {button('drain', 'Alt+Q')}{' '}
        <button type="button" data-testid="device-refresh" onClick={() => void refresh()}>
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

      {settings.error && (
        <p className="error" role="alert">
          {settings.error}
        </p>
      )}
      {settings.data && (
        <DeviceSettingsForm
          initial={settings.data}
          canEdit={canEdit}
          status={status.data}
          firstFieldRef={firstField}
          saveRef={saveRef}
          onSaved={(saved) => {
            setSettings({ data: saved, error: null });
            void refresh();
          }}
        />
      )}
    </section>
  );
}
