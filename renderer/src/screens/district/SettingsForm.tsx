import { useEffect, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import type { DistrictSettings, DistrictSettingsView } from '../../../../shared/district/types';
import { api } from '../../api';
import { useApiCall } from '../../useApiCall';
import { focusNext } from '../pharmacy/Field';
import { focusPath, issuesByPath, messageOf } from '../pharmacy/format';
import { useAltKeys } from '../reports/keys';

interface FormState {
  enabled: boolean;
  baseUrl: string;
  fixmedinsCode: string;
  fixmedinsName: string;
  admdvs: string;
  key: string;
  caPem: string;
  batchSize: string;
  maxAgeSeconds: string;
}

function fromSettings(s: DistrictSettingsView): FormState {
  return {
    enabled: s.enabled,
    baseUrl: s.baseUrl,
    fixmedinsCode: s.fixmedinsCode,
    fixmedinsName: s.fixmedinsName,
    admdvs: s.admdvs,
    key: '',
    caPem: s.caPem,
    batchSize: String(s.batchSize),
    maxAgeSeconds: String(s.maxAgeSeconds),
  };
}

/** The form as the API takes it, or the problems found before asking (the API's paths). */
function toInput(f: FormState): { input: DistrictSettings & { key?: string } } | { problems: Record<string, string> } {
  const problems: Record<string, string> = {};
  const whole = (text: string, path: string, label: string) => {
    const t = text.trim();
    if (!/^\d{1,6}$/.test(t)) problems[path] = `${label}应为整数`;
    return Number(t);
  };
  const batchSize = whole(f.batchSize, 'batchSize', '每批条数');
  const maxAgeSeconds = whole(f.maxAgeSeconds, 'maxAgeSeconds', '最长等待');
  if (Object.keys(problems).length > 0) return { problems };
  const key = f.key.trim();
  return {
    input: {
      enabled: f.enabled,
      baseUrl: f.baseUrl,
      fixmedinsCode: f.fixmedinsCode,
      fixmedinsName: f.fixmedinsName,
      admdvs: f.admdvs,
      caPem: f.caPem,
      batchSize,
      maxAgeSeconds,
      ...(key !== '' ? { key } : {}),
    },
  };
}

/** Enter moves to the next field; on the last one it saves (not in the certificate's textarea). */
function enterNext(e: KeyboardEvent<HTMLElement>, save: () => void) {
  if (e.key !== 'Enter' || e.ctrlKey || e.altKey) return;
  e.preventDefault();
  if (!focusNext(e.currentTarget)) save();
}

function Labeled({ label, error, hint, children }: { label: string; error?: string | undefined; hint?: ReactNode; children: ReactNode }) {
  return (
    <label className="field">
      <span className="field-label">{label}</span>
      {children}
      {hint && <small className="muted">{hint}</small>}
      {error && <small className="field-error">{error}</small>}
    </label>
  );
}

/** 连接设置 (信息员): loads the settings, then the form. */
export function SettingsView({ onSaved }: { onSaved: () => void }) {
  const settings = useApiCall(() => api['district.settings'](), 'district-settings');
  if (settings.error) {
    return (
      <p className="error" role="alert">
        {settings.error}
      </p>
    );
  }
  if (!settings.data) return <p className="muted">正在读取连接设置…</p>;
  return <SettingsForm initial={settings.data} onSaved={onSaved} />;
}

/**
 * 启用, 中心地址, 机构编码, 机构名称, 医保区划, 签名密钥 (never shown; blank keeps it), CA 证书, 每批条数, 最长等待.
 * Enter goes field to field and saves on the last; Alt+S saves from anywhere; the API's field errors sit
 * under their fields.
 */
function SettingsForm({ initial, onSaved }: { initial: DistrictSettingsView; onSaved: () => void }) {
  const [form, setForm] = useState<FormState>(() => fromSettings(initial));
  const [hasKey, setHasKey] = useState(initial.hasKey);
  const [problems, setProblems] = useState<Record<string, string>>({});
  const [outcome, setOutcome] = useState<{ ok: boolean; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const scope = useRef<HTMLFormElement>(null);
  const firstRef = useRef<HTMLInputElement>(null);
  useEffect(() => firstRef.current?.focus(), []);

  const set = (patch: Partial<FormState>) => {
    setForm((f) => ({ ...f, ...patch }));
    setOutcome(null);
  };

  // The fields stay enabled while saving, so the focus stays where the person is (and can go to a wrong field).
  const save = async () => {
    if (busy) return;
    const checked = toInput(form);
    if ('problems' in checked) {
      setProblems(checked.problems);
      setOutcome({ ok: false, text: '设置有误，请按提示更正后再保存' });
      focusPath(scope.current, Object.keys(checked.problems));
      return;
    }
    setBusy(true);
    setProblems({});
    try {
      const saved = await api['district.updateSettings'](checked.input);
      setForm(fromSettings(saved));
      setHasKey(saved.hasKey);
      setOutcome({ ok: true, text: saved.enabled ? '医保中心连接设置已保存，上传将按新设置进行' : '医保中心连接设置已保存（未启用：记录在本机排队，不上传）' });
      onSaved();
    } catch (e) {
      const byPath = issuesByPath(e);
      setProblems(byPath);
      // With field errors under their fields, the line below only says so (the API's sentence names paths).
      setOutcome({ ok: false, text: Object.keys(byPath).length > 0 ? '设置有误，请按各项下方的提示更正后再保存' : messageOf(e) });
      focusPath(scope.current, Object.keys(byPath));
    } finally {
      setBusy(false);
    }
  };
  useAltKeys(true, { s: () => void save() });
  const onEnter = (e: KeyboardEvent<HTMLElement>) => enterNext(e, () => void save());

  const text = (name: keyof Omit<FormState, 'enabled'>, extra: { className?: string; placeholder?: string; type?: string; inputMode?: 'numeric' } = {}) => (
    <input
      value={form[name]}
      data-path={name}
      data-testid={`district-setting-${name}`}
      aria-invalid={problems[name] ? true : undefined}
      autoComplete={extra.type === 'password' ? 'new-password' : 'off'}
      {...extra}
      onChange={(e) => set({ [name]: e.target.value })}
      onKeyDown={onEnter}
    />
  );

  return (
    <form
      ref={scope}
      className="panel district-settings"
      data-testid="district-settings"
      data-keyscope
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      <div className="form-row">
        <label className="check">
          <input
            type="checkbox"
            ref={firstRef}
            checked={form.enabled}
            data-path="enabled"
            data-testid="district-setting-enabled"
            onChange={(e) => set({ enabled: e.target.checked })}
            onKeyDown={onEnter}
          />{' '}
          启用上传（停用时记录在本机排队，不发往中心）
        </label>
        {problems.enabled && <small className="field-error">{problems.enabled}</small>}
      </div>
      <div className="form-row">
        <Labeled label="中心地址" error={problems.baseUrl}>
          {text('baseUrl', { className: 'district-wide', placeholder: 'https://ybzx.example.gov.cn:8443' })}
        </Labeled>
        <Labeled label="定点医药机构编码（12 位）" error={problems.fixmedinsCode}>
          {text('fixmedinsCode', { placeholder: 'H33010200001' })}
        </Labeled>
        <Labeled label="机构名称" error={problems.fixmedinsName}>
          {text('fixmedinsName')}
        </Labeled>
        <Labeled label="医保区划（6 位数字）" error={problems.admdvs}>
          {text('admdvs', { className: 'short', placeholder: '330102', inputMode: 'numeric' })}
        </Labeled>
      </div>
      <div className="form-row">
        <Labeled
          label={`签名密钥（${hasKey ? '已设置' : '未设置'}）`}
          error={problems.key}
          hint={hasKey ? '留空则保留现有密钥；输入新密钥则替换' : '由医保中心发放，每家机构一个'}
        >
          {text('key', { type: 'password', placeholder: hasKey ? '（留空保留现有密钥）' : '请输入中心发放的密钥' })}
        </Labeled>
      </div>
      <div className="form-row">
        <Labeled label="中心 CA 证书（PEM，留空则使用系统证书）" error={problems.caPem}>
          <textarea
            className="district-pem"
            value={form.caPem}
            rows={5}
            data-path="caPem"
            data-testid="district-setting-caPem"
            aria-invalid={problems.caPem ? true : undefined}
            placeholder="-----BEGIN CERTIFICATE-----"
            spellCheck={false}
            onChange={(e) => set({ caPem: e.target.value })}
          />
        </Labeled>
      </div>
      <div className="form-row">
        <Labeled label="每批条数" error={problems.batchSize}>
          {text('batchSize', { className: 'short', inputMode: 'numeric' })}
        </Labeled>
        <Labeled label="最长等待（秒）" error={problems.maxAgeSeconds} hint="最早的记录等这么久即发出，不等凑满一批">
          {text('maxAgeSeconds', { className: 'short', inputMode: 'numeric' })}
        </Labeled>
      </div>
      <p>
        <button type="submit" disabled={busy} data-testid="district-settings-save">
          保存设置 <kbd>Alt+S</kbd>
        </button>{' '}
        <span className="muted">Enter 下一项（证书框内 Enter 换行，Tab 下一项），最后一项 Enter 保存；Alt+S 随时保存。</span>
      </p>
      {busy && <p className="muted">正在保存…</p>}
      {outcome && (
        <p className={outcome.ok ? 'ok-line' : 'error'} role={outcome.ok ? 'status' : 'alert'} data-testid="district-settings-outcome">
          {outcome.text}
        </p>
      )}
    </form>
  );
}
