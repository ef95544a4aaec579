import { useMemo, useRef, useState, type RefObject } from 'react';
import type { PairingCode, TerminalSummary } from '../../../../shared/lan';
import { api } from '../../api';
import { DataTable, Dialog, Facts, Field, FormError, formatDateTime, messageOf, useAltKeys, useApi, useForm, type Column } from '../../kit';

/**
 * 医院网络 (信息员, on the hospital server): the server's certificate fingerprint that every window checks,
 * a one-time pairing code for a new window (Alt+N), and the paired windows with their last contact; a lost
 * or replaced PC is 停用 here and its calls are refused at once.
 */
export function NetworkScreen() {
  const server = useApi('lan.server', {});
  const terminals = useApi('lan.terminals', {}, { refetchInterval: 10_000 });
  const [revoking, setRevoking] = useState<TerminalSummary | null>(null);
  const nameRef = useRef<HTMLInputElement>(null);
  useAltKeys(true, { n: () => nameRef.current?.focus(), r: () => terminals.reload() });
  const columns = useMemo(() => terminalColumns(setRevoking), []);

  return (
    <section data-testid="network-screen">
      <h2>医院网络</h2>
      <p className="hint">
        <kbd>Alt+N</kbd> 为新窗口生成配对码 · <kbd>Alt+R</kbd> 刷新终端列表 · 各窗口的电脑配对时须核对下面的证书指纹
      </p>
      <FormError error={server.error} />
      {server.data === null && !server.loading && (
        <p className="warn" data-testid="network-standalone">
          本机为单机安装，尚未作为医院服务器运行：以 <code>counter serve --lan 地址:端口</code> 启动后，各窗口才能配对。
        </p>
      )}
      {server.data && (
        <Facts
          testId="network-server"
          rows={[
            ['服务器地址', server.data.address ?? <span className="warn">未开启局域网服务（counter serve --lan 地址:端口）</span>],
            ['证书指纹（SHA-256）', <code key="fp" className="fingerprint" data-testid="network-fingerprint">{server.data.fingerprint}</code>],
            ['安装编号', server.data.installationId],
            ['本机收费台号', server.data.counterId],
          ]}
        />
      )}
      <PairingForm nameRef={nameRef} onCreated={terminals.reload} />
      <h3>已配对的窗口</h3>
      <FormError error={terminals.error} />
      {terminals.data && (
        <DataTable
          columns={columns}
          rows={terminals.data}
          rowKey={(t) => t.id}
          compact
          testId="network-terminals"
          empty={<p className="muted">还没有配对的窗口。</p>}
          rowProps={(t) => ({ 'data-testid': `terminal-${t.id}`, className: t.revokedAt ? 'muted' : undefined })}
        />
      )}
      {revoking && (
        <RevokeDialog
          terminal={revoking}
          onDone={() => {
            setRevoking(null);
            terminals.reload();
          }}
          onCancel={() => setRevoking(null)}
        />
      )}
    </section>
  );
}

/** The paired windows; a window in use has its 停用 button in its own row. */
const terminalColumns = (revoke: (t: TerminalSummary) => void): Column<TerminalSummary>[] => [
  { id: 'id', header: '编号', num: true, cell: (t) => t.id },
  { id: 'name', header: '窗口', cell: (t) => t.name },
  { id: 'counter', header: '收费台号', cell: (t) => t.counterId },
  { id: 'paired', header: '配对时间', cell: (t) => `${formatDateTime(t.pairedAt)}（${t.pairedBy}）` },
  { id: 'contact', header: '最近联系', cell: (t) => (t.lastContactAt ? formatDateTime(t.lastContactAt) : '—') },
  {
    id: 'state',
    header: '状态',
    cell: (t) =>
      t.revokedAt ? (
        `已停用 ${formatDateTime(t.revokedAt)}（${t.revokedBy ?? ''}）`
      ) : (
        <>
          在用{' '}
          <button type="button" data-testid={`revoke-${t.id}`} onClick={() => revoke(t)}>
            停用
          </button>
        </>
      ),
  },
];

/** 生成配对码: the window's name and its counter number; the code is shown once, with how to use it. */
function PairingForm({ nameRef, onCreated }: { nameRef: RefObject<HTMLInputElement | null>; onCreated: () => void }) {
  const form = useForm({ name: '', counterId: '' });
  const { scopeRef } = form;
  const [created, setCreated] = useState<PairingCode | null>(null);
  const create = () =>
    void form.submit(async (v) => {
      const code = await api['lan.createPairingCode']({ name: v.name.trim(), counterId: v.counterId.trim() });
      setCreated(code);
      form.reset({ name: '', counterId: '' });
      onCreated();
    });
  return (
    <div ref={scopeRef} className="panel" data-keyscope data-testid="pairing-form">
      <h3>为新窗口生成配对码</h3>
      <div className="form-row">
        <Field label="窗口名称" {...form.field('name')} inputRef={nameRef} placeholder="如 门诊收费二" testId="pairing-name" />
        <Field label="收费台号" {...form.field('counterId')} className="short" placeholder="如 02" testId="pairing-counter" onEnter={create} />
        <button type="button" disabled={form.busy} onClick={create} data-testid="pairing-create">
          生成配对码 <kbd>Enter</kbd>
        </button>
      </div>
      <FormError error={form.error} testId="pairing-error" />
      {created && (
        <div className="ok-line" data-testid="pairing-code" role="status">
          <p>
            「{created.name}」（收费台 {created.counterId}）的配对码：<strong className="big-code">{created.code}</strong>，{formatDateTime(created.expiresAt)} 前有效，只能用一次。
          </p>
          <p className="muted">
            在该窗口的电脑上运行：<code>counter terminal pair {created.address ?? 'https://服务器地址:端口'} {created.code} --fingerprint {created.fingerprint}</code>
          </p>
        </div>
      )}
    </div>
  );
}

/** 停用 asks once: the window's calls are refused from then on, and its counter number is free again. */
function RevokeDialog({ terminal, onDone, onCancel }: { terminal: TerminalSummary; onDone: () => void; onCancel: () => void }) {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const revoke = async () => {
    setBusy(true);
    try {
      await api['lan.revoke']({ terminalId: terminal.id });
      onDone();
    } catch (e) {
      setError(messageOf(e));
      setBusy(false);
    }
  };
  return (
    <Dialog title={`停用终端「${terminal.name}」`} testId="revoke-dialog" onCancel={onCancel}>
      <p>停用后，这台电脑（收费台 {terminal.counterId}）的所有操作立即被拒绝；要再用须重新配对。</p>
      <FormError error={error} />
      <p>
        <button type="button" autoFocus disabled={busy} data-testid="revoke-confirm" onClick={() => void revoke()}>
          确认停用 <kbd>Enter</kbd>
        </button>{' '}
        <button type="button" disabled={busy} onClick={onCancel}>
          取消 <kbd>Esc</kbd>
        </button>
      </p>
    </Dialog>
  );
}
