import { useState } from 'react';
import type { Fen } from '../../../../shared/money';
import type { ShiftSummary } from '../../../../shared/shift';
import { api } from '../../api';
import { Field, formatYuan, messageOf, parseYuan, useForm, useShortcuts } from '../../kit';

/** The float as typed, in words beside the field (合计 200.00 元), or nothing while it is not an amount. */
function floatPreview(text: string): string {
  try {
    return text.trim() ? `${formatYuan(parseYuan(text))} 元` : '';
  } catch {
    return '';
  }
}

interface ShiftOpenFormProps {
  counterId: string;
  /** 收费 is showing: its F-keys are this form's. */
  active: boolean;
  onOpened: (shift: ShiftSummary) => void;
}

/** 开班: the float (备用金) in yuan, Enter opens the shift. Nothing else on 收费 works before this. */
export function ShiftOpenForm({ counterId, active, onOpened }: ShiftOpenFormProps) {
  const form = useForm({ float: '' });
  const [notice, setNotice] = useState<string | null>(null);

  // Ahead of the shell (capture): the desk's keys say why they do nothing yet, instead of switching screens.
  useShortcuts(
    active,
    (e) => {
      if (e.key === 'F2' || e.key === 'F8' || e.key === 'F9' || e.key === 'F10') {
        setNotice('请先开班：输入备用金后按 Enter');
        return true;
      }
      return false;
    },
    { phase: 'capture' },
  );

  const submit = async () => {
    if (form.busy) return;
    let float: Fen;
    try {
      float = parseYuan(form.values.float || '0', '备用金');
    } catch (e) {
      form.fail(messageOf(e), {});
      return;
    }
    if (float < 0) {
      form.fail('备用金不能为负', {});
      return;
    }
    const shift = await form.submit(() => api['shift.open']({ float }));
    if (shift) onOpened(shift);
  };

  const preview = floatPreview(form.values.float);
  return (
    <section className="panel shift-open" data-testid="shift-open-form" data-keyscope>
      <h3>开班</h3>
      <p className="muted">收费台 {counterId} 尚未开班。请清点钱箱中的备用金（零钱），输入金额后按 Enter 开班；开班后才能收费。</p>
      <div className="form-row">
        <Field
          label="备用金（元）"
          value={form.values.float}
          onChange={(float) => {
            form.set({ float });
            form.clear();
          }}
          path="float"
          error={form.issues.float ?? form.error ?? undefined}
          placeholder="如 200.00"
          autoFocus
          onEnter={() => void submit()}
        />
        {preview && <span className="muted">合计 {preview}</span>}
      </div>
      <button type="button" disabled={form.busy} onClick={() => void submit()}>
        开班 <kbd>Enter</kbd>
      </button>
      {notice && <p className="hint">{notice}</p>}
    </section>
  );
}
