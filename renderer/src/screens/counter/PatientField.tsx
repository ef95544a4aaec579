import { useRef, useState, type Ref } from 'react';
import { INSURED_TYPE_NAMES, type InsuredPerson } from '../../../../shared/domain';
import { idNumberProblem } from '../../../../shared/identity';
import { api } from '../../api';
import { Labeled, groupName, messageOf } from '../../kit';
import { genderName, looksLikeIdNumber } from './counterFormat';

const HAS_HAN = /\p{Script=Han}/u;

/** What a scanner types for a 医保电子凭证: 16+ printable ASCII characters, longer than any card number. */
const looksLikeVoucher = (text: string) => /^[\x21-\x7e]{16,512}$/.test(text);

/** A name or card number not found: only an ID number can register someone new. */
const NOT_FOUND_HINT = '名单外的病人请输入其身份证号，可登记为自费病人。';

interface PatientFieldProps {
  inputRef: Ref<HTMLInputElement>;
  onPick: (person: InsuredPerson) => void;
  /** A note shown under the field from outside (读卡器未连接 …). */
  notice: string | null;
  onClearNotice: () => void;
  /** A valid ID number not in the roster: the cashier chose to register the patient as self-pay (自费). */
  onRegisterWalkIn: (idNumber: string) => void;
  disabled?: boolean;
}

/**
 * 识别患者: an ID number (checked with its check digit before asking), a social-security card number, a
 * scanned 医保电子凭证 (resolved by the district centre), or a name (searched as it is typed). Enter looks up or picks; ↑↓ choose among several; Esc closes the list,
 * then clears the field.
 */
export function PatientField({ inputRef, onPick, notice, onClearNotice, onRegisterWalkIn, disabled }: PatientFieldProps) {
  const [text, setText] = useState('');
  const [found, setFound] = useState<{ query: string; people: InsuredPerson[] } | null>(null);
  const [active, setActive] = useState(0);
  const [error, setError] = useState<string | null>(null);
  /** The valid ID number just looked up and not found: Enter again offers to register it. */
  const [unlisted, setUnlisted] = useState<string | null>(null);
  const latest = useRef('');
  const people = found?.people ?? [];
  const current = Math.max(0, Math.min(active, people.length - 1));
  const listOpen = people.length > 0;

  const search = async (query: string, pickSingle: boolean) => {
    latest.current = query;
    try {
      const result = await api['people.find']({ query, limit: 20 });
      if (latest.current !== query) return;
      setFound({ query, people: result });
      setActive(0);
      if (result.length === 0) {
        const idNumber = query.toUpperCase();
        if (looksLikeIdNumber(query) && !idNumberProblem(idNumber)) {
          setUnlisted(idNumber);
          setError(`身份证号 ${idNumber} 不在参保人名单中（未参保或非本地参保）。再按 Enter 登记为自费病人，或核对号码。`);
        } else setError(`没有找到「${query}」。${NOT_FOUND_HINT}`);
      }
      else if (pickSingle && result.length === 1) pick(result[0]!);
    } catch (e) {
      if (latest.current === query) setError(messageOf(e));
    }
  };

  const pick = (person: InsuredPerson) => {
    latest.current = '';
    setText('');
    setFound(null);
    setActive(0);
    setError(null);
    setUnlisted(null);
    onPick(person);
  };

  const lookUp = () => {
    const query = text.trim();
    if (!query) return;
    if (unlisted !== null && query.toUpperCase() === unlisted) {
      onRegisterWalkIn(unlisted);
      return;
    }
    if (looksLikeIdNumber(query)) {
      const problem = idNumberProblem(query);
      if (problem) {
        setError(problem);
        return;
      }
    } else if (looksLikeVoucher(query)) {
      void fromVoucher(query);
      return;
    }
    void search(query, true);
  };

  /** 医保电子凭证 scanned into the field (a keyboard-wedge scanner types it and Enter): the centre says who. */
  const fromVoucher = async (token: string) => {
    latest.current = token;
    setError('正在向医保中心核验电子凭证…');
    try {
      const person = await api['people.byEVoucher']({ token });
      if (latest.current === token) pick(person);
    } catch (e) {
      if (latest.current === token) setError(messageOf(e));
    }
  };

  return (
    <div className="picker patient-picker">
      {/* A combobox, not the kit's Field: ↑↓ choose in its list, Esc closes the list before it clears. */}
      <Labeled label="患者：身份证号 / 社保卡号 / 姓名 / 扫医保电子凭证（F2 读卡）">
        <input
          ref={inputRef}
          value={text}
          disabled={disabled}
          data-testid="patient-input"
          placeholder="刷卡或输入后按 Enter"
          role="combobox"
          aria-expanded={listOpen}
          aria-autocomplete="list"
          aria-invalid={error ? true : undefined}
          onChange={(e) => {
            const value = e.target.value;
            setText(value);
            setError(null);
            setUnlisted(null);
            onClearNotice();
            const query = value.trim();
            // Names are searched as they are typed; numbers wait for Enter (a reader types them whole).
            if (HAS_HAN.test(query)) void search(query, false);
            else {
              latest.current = '';
              setFound(null);
            }
          }}
          onKeyDown={(e) => {
            if ((e.key === 'ArrowDown' || e.key === 'ArrowUp') && listOpen) {
              e.preventDefault();
              setActive(Math.max(0, Math.min(current + (e.key === 'ArrowDown' ? 1 : -1), people.length - 1)));
            } else if (e.key === 'Enter' && !e.ctrlKey && !e.altKey) {
              e.preventDefault();
              const chosen = people[current];
              if (listOpen && chosen && found?.query === text.trim()) pick(chosen);
              else lookUp();
            } else if (e.key === 'Escape' && (listOpen || text !== '')) {
              e.preventDefault();
              if (listOpen) setFound(null);
              else {
                setText('');
                setError(null);
                setUnlisted(null);
              }
            }
          }}
        />
      </Labeled>
      {(notice ?? error) && (
        <small className="field-error" role="alert" data-testid="patient-error">
          {notice ?? error}
        </small>
      )}
      {unlisted !== null && !notice && (
        <p className="form-row" data-testid="walk-in-offer">
          <button
            type="button"
            onMouseDown={(e) => e.preventDefault()}
            onClick={() => onRegisterWalkIn(unlisted)}
          >
            登记为自费病人 <kbd>Enter</kbd>
          </button>
          <span className="muted">未参保病人按自费结算，基金不支付；只需再输入姓名。</span>
        </p>
      )}
      {listOpen && (
        <ul className="picker-list" role="listbox" data-testid="patient-results">
          {people.map((p, index) => (
            <li
              key={p.id}
              role="option"
              aria-selected={index === current}
              className={index === current ? 'selected' : ''}
              onMouseDown={(e) => {
                e.preventDefault();
                pick(p);
              }}
            >
              <strong>{p.name}</strong> {genderName(p.gender)} {p.birthDate} <span className="code">{p.idNumber}</span>{' '}
              <span className="muted">
                {INSURED_TYPE_NAMES[p.insuredType]}
                {p.groups.length > 0 && ` · ${p.groups.map(groupName).join('、')}`}
                {p.cardNo && ` · 卡号 ${p.cardNo}`}
              </span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
