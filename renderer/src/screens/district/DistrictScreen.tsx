import { useEffect, useRef, useState } from 'react';
import type { SignedInUser } from '../../../../shared/domain';
import type { Role } from '../../../../shared/roles';
import { api } from '../../api';
import { messageOf, useAltKeys } from '../../kit';
import { useDistrictStatus } from './DistrictStatusLine';
import { DownloadView } from './DownloadView';
import { ReconcileView } from './ReconcileView';
import { RejectionsView } from './RejectionsView';
import { SettingsView } from './SettingsForm';
import { StatusView } from './StatusView';

/** The sections and who sees them (the main process refuses the same roles: rejections and 对账 to 信息员). */
const SECTIONS = [
  { id: 'status', title: '状态', roles: ['manager', 'admin'] },
  { id: 'download', title: '下载', roles: ['manager', 'admin'] },
  { id: 'rejections', title: '拒付处理', roles: ['manager'] },
  { id: 'reconcile', title: '对账', roles: ['manager'] },
  { id: 'settings', title: '连接设置', roles: ['admin'] },
] as const satisfies readonly { id: string; title: string; roles: readonly Role[] }[];
type SectionId = (typeof SECTIONS)[number]['id'];

interface DistrictScreenProps {
  user: SignedInUser;
  /** Something here changed the upload status (the title bar's line asks again). */
  onStatusChanged: () => void;
}

/**
 * 医保上传 (F10; 院长/财务 and 信息员): Alt+1… switch sections — 状态 (with 立即上传, Alt+U from any section),
 * 下载, 拒付处理 and 对账 (院长/财务), 连接设置 (信息员).
 */
export function DistrictScreen({ user, onStatusChanged }: DistrictScreenProps) {
  const sections = SECTIONS.filter((s) => (s.roles as readonly Role[]).includes(user.role));
  const [section, setSection] = useState<SectionId>('status');
  const status = useDistrictStatus();
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<{ ok: boolean; text: string } | null>(null);
  const syncRef = useRef<HTMLButtonElement>(null);

  const changed = () => {
    status.reload();
    onStatusChanged();
  };

  const sync = async () => {
    if (busy) return;
    setBusy(true);
    setOutcome(null);
    try {
      const s = await api['district.syncNow']();
      const rejected = s.rejectedOpen > 0 ? `；被拒待处理 ${s.rejectedOpen} 条${user.role === 'manager' ? '（见「拒付处理」）' : '（请院长/财务处理）'}` : '';
      setOutcome({ ok: true, text: `上传完成：待上传 ${s.waiting} 条，中心累计接收 ${s.accepted} 条${rejected}` });
    } catch (e) {
      setOutcome({ ok: false, text: messageOf(e) });
    } finally {
      setBusy(false);
      changed();
    }
  };

  const current = sections.find((s) => s.id === section) ?? sections[0]!;
  /** Another section: the last upload's outcome belongs to where it was asked for. */
  const show = (id: SectionId) => {
    if (id !== current.id) setOutcome(null);
    setSection(id);
  };
  useAltKeys(true, {
    ...Object.fromEntries(sections.map((s, i) => [String(i + 1), () => show(s.id)])),
    u: () => void sync(),
  });
  // Keyboard first: 状态 opens on 立即上传, and focus returns there once an upload is over (the button was
  // disabled meanwhile); the other sections focus their own first field.
  useEffect(() => {
    if (current.id === 'status' && !busy) syncRef.current?.focus();
  }, [current.id, busy]);

  return (
    <section className="district-screen" data-testid="district-screen" data-section={current.id}>
      <h2>医保上传 · {current.title}</h2>
      <nav className="subtabs" aria-label="医保上传">
        {sections.map((s, i) => (
          <button
            key={s.id}
            type="button"
            className={s.id === current.id ? 'active' : ''}
            aria-current={s.id === current.id ? 'page' : undefined}
            data-testid={`district-tab-${s.id}`}
            onClick={() => show(s.id)}
          >
            <kbd>Alt+{i + 1}</kbd> {s.title}
          </button>
        ))}
      </nav>
      {busy && <p className="muted">正在上传到区医保中心…</p>}
      {outcome && (
        <p className={outcome.ok ? 'ok-line' : 'error'} role={outcome.ok ? 'status' : 'alert'} data-testid="district-sync-outcome">
          {outcome.text}
        </p>
      )}
      {current.id === 'status' && <StatusView status={status.data} error={status.error} busy={busy} onSync={() => void sync()} syncRef={syncRef} />}
      {current.id === 'download' && <DownloadView onChanged={changed} />}
      {current.id === 'rejections' && <RejectionsView onChanged={changed} />}
      {current.id === 'reconcile' && <ReconcileView />}
      {current.id === 'settings' && <SettingsView onSaved={changed} />}
    </section>
  );
}
