import type { InsuredPerson } from '../../../../shared/domain';
import { idNumberFacts } from '../../../../shared/identity';
import { api } from '../../api';
import { Dialog, Labeled, useForm } from '../../kit';
import { genderName } from './counterFormat';

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
  const form = useForm({ name: '' });
  const facts = idNumberFacts(idNumber);
  // The refusal of the name (or of the ID number it comes with), else the call's sentence.
  const error = form.issues.name ?? form.issues.idNumber ?? form.error;

  const submit = async () => {
    if (form.busy) return;
    const name = form.values.name.trim();
    if (!name) {
      form.fail('请输入病人姓名', {});
      return;
    }
    const person = await form.submit(() => api['people.registerWalkIn']({ name, idNumber }));
    if (person) onRegistered(person);
  };

  return (
    <Dialog title="登记为自费病人" testId="walk-in-dialog" onCancel={() => !form.busy && onCancel()}>
      <p>
        身份证号 <span className="code" data-testid="walk-in-id">{idNumber}</span>（{genderName(facts.gender)}，{facts.birthDate} 出生）不在参保人名单中。
        登记后本次及以后的账单均按<strong>自费</strong>结算，基金不支付。
      </p>
      {/* Not the kit's Field: its refusal is an alert of its own under the name (walk-in-error), and typing
          clears the whole refusal, not only the field's. Enter while an input method composes is not ours. */}
      <Labeled label="姓名">
        <input
          value={form.values.name}
          autoFocus
          disabled={form.busy}
          maxLength={30}
          data-testid="walk-in-name"
          aria-invalid={error ? true : undefined}
          onChange={(e) => {
            form.set({ name: e.target.value });
            form.clear();
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
      </Labeled>
      <p>
        <button type="button" disabled={form.busy} onClick={() => void submit()}>
          登记并继续收费 <kbd>Enter</kbd>
        </button>{' '}
        <button type="button" disabled={form.busy} onClick={onCancel}>
          取消 <kbd>Esc</kbd>
        </button>
      </p>
    </Dialog>
  );
}
