import { useState } from 'react';
import type { InsuredPerson } from '../../../../shared/domain';
import { idNumberFacts } from '../../../../shared/identity';
import { api } from '../../api';
import { issuesByPath, messageOf } from '../pharmacy/format';
import { genderName } from './counterFormat';
import { Dialog } from './Dialog';

interface WalkInDialogProps {
  idNumber: string;
  onRegistered: (person: InsuredPerson) => void;
  onCancel: () => void;
}

/**
 * 登记为自费病人: a patient whose valid ID number is not in the roster (not insured, or insured elsewhere) is
 * registered by name to be billed as self-pay. The ID number is the one already typed; Enter registers.
 */
export function WalkInDialog({ idNumber, onRegistered, onCancel }: WalkInDialogProps) {
  const [name, setName] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const facts = idNumberFacts(idNumber);

  const submit = async () => {
    if (busy) return;
    const trimmed = name.trim();
    if (!trimmed) {
      setError('请输入病人姓名');
      return;
    }
    setBusy(true);
    setError(null);
    try {
      onRegistered(await api['people.registerWalkIn']({ name: trimmed, idNumber }));
    } catch (e) {
      const byPath = issuesByPath(e);
      setError(byPath.name ?? byPath.idNumber ?? messageOf(e));
      setBusy(false);
    }
  };

  return (
    <Dialog title="登记为自费病人" testId="walk-in-dialog" onCancel={() => !busy && onCancel()}>
      <p>
        身份证号 <span className="code" data-testid="walk-in-id">{idNumber}</span>（{genderName(facts.gender)}，{facts.birthDate} 出生）不在参保人名单中。
        登记后本次及以后的账单均按<strong>自费</strong>结算，基金不支付。
      </p>
      <label className="field">
        <span className="field-label">姓名</span>
        <input
          value={name}
          autoFocus
          disabled={busy}
          maxLength={30}
          data-testid="walk-in-name"
          aria-invalid={error ? true : undefined}
          onChange={(e) => {
            setName(e.target.value);
            setError(null);
          }}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && !e.nativeEvent.isComposing) {
              e.preventDefault();
              void submit();
            }
          }}
        />
        {error && (
          <small className="field-error" role="alert" data-testid="walk-in-error">
            {error}
          </small>
        )}
      </label>
      <p>
        <button type="button" disabled={busy} onClick={() => void submit()}>
          登记并继续收费 <kbd>Enter</kbd>
        </button>{' '}
        <button type="button" disabled={busy} onClick={onCancel}>
          取消 <kbd>Esc</kbd>
        </button>
      </p>
    </Dialog>
  );
}
