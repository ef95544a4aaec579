import { useEffect, useRef, useState, type ReactNode } from 'react';
import type { DistrictSettings, DistrictSettingsView } from '../../../../shared/district/types';
import { api } from '../../api';
import { Check, Field, issuesByPath, Labeled, messageOf, useAltKeys, useApiCall, useForm } from '../../kit';

interface Values {
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

function fromSettings(s: DistrictSettingsView): Values {
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
function toInput(f: Values): { input: DistrictSettings & { key?: string } } | { problems: Record<string, string> } {
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

/** The kit's Field has no hint line of its own: the hint goes under it, in the same column. */
function Hinted({ hint, children }: { hint: ReactNode; children: ReactNode }) {
  return (
    <span className="field">
      {children}
      <small className="muted">{hint}</small>
    </span>
  );
}

/**
 * 连接设置 (信息员): loads the settings, then the form. Asked afresh on every visit (useApiCall's answer is this
 * view's own), so the form starts from what is saved now, never from an answer cached on an earlier visit.
 */
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
  // Taken apart: React's lint reads every property of an object holding a ref (scopeRef) as a ref.
  const { values, issues, busy, scopeRef, field, reset, fail, submit, set: setValues } = useForm<Values>(() => fromSettings(initial));
  const [hasKey, setHasKey] = useState(initial.hasKey);
  const [outcome, setOutcome] = useState<{ ok: boolean; text: string } | null>(null);
  const firstRef = useRef<HTMLInputElement>(null);
  useEffect(() => firstRef.current?.focus(), []);

  /** Any change: the last save's outcome no longer speaks for the form (the fields' errors stay). */
  const set = (patch: Partial<Values>) => {
    setValues(patch);
    setOutcome(null);
  };
  const refuse = (text: string, issues: Record<string, string>) => {
    fail(text, issues);
    setOutcome({ ok: false, text });
  };

  // The fields stay enabled while saving, so the focus stays where the person is (and can go to a wrong field).
  const save = async () => {
    if (busy) return;
    const checked = toInput(values);
    if ('problems' in checked) return refuse('设置有误，请按提示更正后再保存', checked.problems);
    await submit(async () => {
      try {
        const saved = await api['district.updateSettings'](checked.input);
        reset(fromSettings(saved));
        setHasKey(saved.hasKey);
        setOutcome({ ok: true, text: saved.enabled ? '医保中心连接设置已保存，上传将按新设置进行' : '医保中心连接设置已保存（未启用：记录在本机排队，不上传）' });
        onSaved();
      } catch (e) {
        const byPath = issuesByPath(e);
        // With field errors under their fields, the line below only says so (the API's sentence names paths).
        refuse(Object.keys(byPath).length > 0 ? '设置有误，请按各项下方的提示更正后再保存' : messageOf(e), byPath);
      }
    });
  };
  useAltKeys(true, { s: () => void save() });

  const text = (name: Exclude<keyof Values, 'enabled'>) => ({
    ...field(name),
    onChange: (value: string) => set({ [name]: value }),
    testId: `district-setting-${name}`,
  });

  return (
    <div ref={scopeRef}>
      <form
        className="panel district-settings"
        data-testid="district-settings"
        data-keyscope
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
      >
        <div className="form-row">
          <Check
            label="启用上传（停用时记录在本机排队，不发往中心）"
            inputRef={firstRef}
            path="enabled"
            checked={values.enabled}
            testId="district-setting-enabled"
            onChange={(enabled) => set({ enabled })}
          />
          {issues.enabled && <small className="field-error">{issues.enabled}</small>}
        </div>
        <div className="form-row">
          <Field label="中心地址" {...text('baseUrl')} className="district-wide" placeholder="https://ybzx.example.gov.cn:8443" />
          <Field label="定点医药机构编码（12 位）" {...text('fixmedinsCode')} placeholder="H33010200001" />
          <Field label="机构名称" {...text('fixmedinsName')} />
          <Field label="医保区划（6 位数字）" {...text('admdvs')} className="short" placeholder="330102" inputMode="numeric" />
        </div>
        <div className="form-row">
          <Hinted hint={hasKey ? '留空则保留现有密钥；输入新密钥则替换' : '由医保中心发放，每家机构一个'}>
            <Field
              label={`签名密钥（${hasKey ? '已设置' : '未设置'}）`}
              {...text('key')}
              type="password"
              placeholder={hasKey ? '（留空保留现有密钥）' : '请输入中心发放的密钥'}
            />
          </Hinted>
        </div>
        <div className="form-row">
          <Labeled label="中心 CA 证书（PEM，留空则使用系统证书）" error={issues.caPem}>
            <textarea
              className="district-pem"
              value={values.caPem}
              rows={5}
              data-path="caPem"
              data-testid="district-setting-caPem"
              aria-invalid={issues.caPem ? true : undefined}
              placeholder="-----BEGIN CERTIFICATE-----"
              spellCheck={false}
              onChange={(e) => set({ caPem: e.target.value })}
            />
          </Labeled>
        </div>
        <div className="form-row">
          <Field label="每批条数" {...text('batchSize')} className="short" inputMode="numeric" />
          <Hinted hint="最早的记录等这么久即发出，不等凑满一批">
            {/* The last field: Enter saves. */}
            <Field label="最长等待（秒）" {...text('maxAgeSeconds')} className="short" inputMode="numeric" onEnter={() => void save()} />
          </Hinted>
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
    </div>
  );
}
