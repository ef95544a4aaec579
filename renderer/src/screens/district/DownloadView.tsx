import { useEffect, useRef, useState } from 'react';
import type { DownloadKind, DownloadReport } from '../../../../shared/district/types';
import { api } from '../../api';
import { messageOf } from '../../kit';
import { DOWNLOAD_NAMES } from './districtFormat';

const CHOICES: { id: string; title: string; kinds: DownloadKind[] }[] = [
  { id: 'policy', title: '政策', kinds: ['policy'] },
  { id: 'catalogue', title: '目录', kinds: ['catalogue'] },
  { id: 'roster', title: '参保名单', kinds: ['roster'] },
  { id: 'all', title: '全部', kinds: ['policy', 'catalogue', 'roster'] },
];

type Outcome = { title: string } & ({ reports: DownloadReport[] } | { error: string });
type Result = Outcome & { id: number };

/** 下载: policies, the catalogue and the insured roster from the centre, each applied whole or not at all. */
export function DownloadView({ onChanged }: { onChanged: () => void }) {
  const [busy, setBusy] = useState<string | null>(null);
  /** This visit's downloads, newest first: one download's summary stays in sight while the next one runs. */
  const [results, setResults] = useState<Result[]>([]);
  const first = useRef<HTMLButtonElement>(null);
  useEffect(() => first.current?.focus(), []);

  // The buttons stay focusable while a download runs (a second press is ignored), so the focus stays put.
  const run = async (choice: (typeof CHOICES)[number]) => {
    if (busy) return;
    setBusy(choice.id);
    const add = (result: Outcome) => setResults((list) => [{ ...result, id: (list[0]?.id ?? 0) + 1 }, ...list].slice(0, 10));
    try {
      add({ title: choice.title, reports: await api['district.download']({ kinds: choice.kinds }) });
    } catch (e) {
      add({ title: choice.title, error: messageOf(e) });
    } finally {
      setBusy(null);
      onChanged();
    }
  };

  return (
    <div data-testid="district-download-view">
      <p className="hint">每项下载在一个事务中整体应用；同一版本只应用一次。新政策从其生效日期起适用。</p>
      <p className="form-row">
        {CHOICES.map((c, i) => (
          <button key={c.id} type="button" ref={i === 0 ? first : undefined} aria-disabled={busy !== null} data-testid={`district-download-${c.id}`} onClick={() => void run(c)}>
            下载{c.title}
          </button>
        ))}
      </p>
      {busy && <p className="muted">正在从医保中心下载{CHOICES.find((c) => c.id === busy)?.title}…</p>}
      {results.map((result) =>
        'error' in result ? (
          <p key={result.id} className="error" role="alert" data-testid="district-download-result">
            下载{result.title}失败：{result.error}
          </p>
        ) : (
          <ul key={result.id} className="ok-line district-reports" role="status" data-testid="district-download-result">
            {result.reports.map((r) => (
              <li key={r.kind} className={r.failed ? 'error' : undefined} data-testid={`district-download-report-${r.kind}`}>
                <strong>{DOWNLOAD_NAMES[r.kind]}</strong>
                {r.failed ? '（未下载）' : r.ver ? <>（版本 <span className="code">{r.ver}</span>，{r.applied ? '已应用' : '无变化'}）</> : '（无）'}：{r.summary}
              </li>
            ))}
          </ul>
        ),
      )}
    </div>
  );
}
