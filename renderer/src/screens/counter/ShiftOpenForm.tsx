import { useState } from 'react';
import { formatYuan, parseYuan } from '../../../../shared/money';
import type { ShiftSummary } from '../../../../shared/shift';
import { api } from '../../api';
import { Field } from '../pharmacy/Field';
import { issuesByPath, messageOf } from '../pharmacy/format';
import { useCounterKeys } from './keys';

/** 开班: the float (备用金) in yuan, Enter opens the shift. Nothing else on 收费 works before this. */
export function ShiftOpenForm({ counterId, onOpened }: { counterId: string; onOpened: (shift: ShiftSummary) => void }) {
  const [float, setFloat] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useCounterKeys((e) => {
    if (e.key === 'F2' || e.key === 'F8' || e.key === 'F9' || e.key === 'F10') {
      setNotice('请先开班：输入备用金后按 Enter');
      return true;
    }
    return false;
  });

  const submit = async () => {
    if (busy) return;
    let fen: number;
    try {
      fen = parseYuan(float || '0', '备用金');
    } catch (e) {
      setError(messageOf(e));
      return;
    }
    if (fen < 0) {
      setError('备用金不能为负');
      return;
    }
    setBusy(true);
    try {
      onOpened(await api['shift.open']({ float: fen }));
    } catch (e) {
      setError(issuesByPath(e).float ?? messageOf(e));
    } finally {
      setBusy(false);
    }
  };

  let preview = '';
  try {
    preview = float.trim() ? `${formatYuan(parseYuan(float))} 元` : '';
  } catch {
    preview = '';
  }

  return (
    <section className="panel shift-open" data-testid="shift-open-form" data-keyscope>
      <h3>开班</h3>
      <p className="muted">收费台 {counterId} 尚未开班。请清点钱箱中的备用金（零钱），输入金额后按 Enter 开班；开班后才能收费。</p>
      <div className="form-row">
        <Field
          label="备用金（元）"
          value={float}
          onChange={(v) => {
            setFloat(v);
            setError(null);
          }}
          path="float"
          error={error ?? undefined}
          placeholder="如 200.00"
          autoFocus
          onEnter={() => void submit()}
        />
        {preview && <span className="muted">合计 {preview}</span>}
      </div>
      <button type="button" disabled={busy} onClick={() => void submit()}>
        开班 <kbd>Enter</kbd>
      </button>
      {notice && <p className="hint">{notice}</p>}
    </section>
  );
}
