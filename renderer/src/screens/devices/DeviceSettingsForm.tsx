import { useEffect, useState, type KeyboardEvent, type ReactNode, type Ref, type RefObject } from 'react';
import type { DeviceSettings, DeviceStatus } from '../../../../shared/devices';
import { api } from '../../api';
import { focusNext } from '../pharmacy/Field';
import { issuesByPath, messageOf } from '../pharmacy/format';
import { hexId, parseHexId, parseReportSize, vidPid } from './deviceFormat';

const BAUD_RATES = [9600, 19200, 115200] as const;
type BaudRate = (typeof BAUD_RATES)[number];

interface FormState {
  usePrinter: boolean;
  path: string;
  baudRate: BaudRate;
  rtscts: boolean;
  paper: 58 | 80;
  kickDrawer: boolean;
  useReader: boolean;
  vendorId: string;
  productId: string;
  reportSize: string;
}

function fromSettings(s: DeviceSettings): FormState {
  return {
    usePrinter: s.printer !== null,
    path: s.printer?.path ?? '',
    baudRate: s.printer?.baudRate ?? 9600,
    rtscts: s.printer?.rtscts ?? false,
    paper: s.printer?.paper ?? 80,
    kickDrawer: s.printer?.kickDrawer ?? true,
    useReader: s.reader !== null,
    vendorId: s.reader ? hexId(s.reader.vendorId) : '',
    productId: s.reader ? hexId(s.reader.productId) : '',
    reportSize: String(s.reader?.reportSize ?? 64),
  };
}

/** The form as the API takes it, or the problems by field (the API's paths). */
function toSettings(f: FormState): { settings: DeviceSettings } | { problems: Record<string, string> } {
  const problems: Record<string, string> = {};
  const path = f.path.trim();
  if (f.usePrinter && path === '') problems['printer.path'] = '请选择或输入打印机串口，如 COM3 或 /dev/ttyUSB0';
  let reader: DeviceSettings['reader'] = null;
  if (f.useReader) {
    const vendor = parseHexId(f.vendorId, '厂商号（VID）');
    const product = parseHexId(f.productId, '产品号（PID）');
    const size = parseReportSize(f.reportSize);
    if ('problem' in vendor) problems['reader.vendorId'] = vendor.problem;
    if ('problem' in product) problems['reader.productId'] = product.problem;
    if ('problem' in size) problems['reader.reportSize'] = size.problem;
    if ('value' in vendor && 'value' in product && 'value' in size) reader = { vendorId: vendor.value, productId: product.value, reportSize: size.value };
  }
  if (Object.keys(problems).length > 0) return { problems };
  return {
    settings: {
      printer: f.usePrinter ? { path, baudRate: f.baudRate, rtscts: f.rtscts, paper: f.paper, kickDrawer: f.kickDrawer } : null,
      reader,
    },
  };
}

/** Enter moves to the next field of the form; on the last one it saves. */
function enterNext(e: KeyboardEvent<HTMLElement>, save: () => void) {
  if (e.key !== 'Enter' || e.ctrlKey || e.altKey) return;
  e.preventDefault();
  if (!focusNext(e.currentTarget)) save();
}

function Labeled({ label, error, children }: { label: string; error?: string | undefined; children: ReactNode }) {
  return (
    <label className="field">
      <span className="field-label">{label}</span>
      {children}
      {error && <small className="field-error">{error}</small>}
    </label>
  );
}

interface DeviceSettingsFormProps {
  initial: DeviceSettings;
  canEdit: boolean;
  status: DeviceStatus | null;
  firstFieldRef: Ref<HTMLSelectElement>;
  /** Called with a save function the screen's Alt+S uses. */
  saveRef: RefObject<(() => void) | null>;
  onSaved: (settings: DeviceSettings) => void;
}

/**
 * 设备设置 (信息员): the receipt printer's serial port (picked from the ports present or typed), baud rate,
 * RTS/CTS, paper width and cash drawer; the card reader's USB vendor and product id and report size, or none.
 * Enter goes field to field and saves on the last; Alt+S saves from anywhere. Managers see it read-only.
 */
export function DeviceSettingsForm({ initial, canEdit, status, firstFieldRef, saveRef, onSaved }: DeviceSettingsFormProps) {
  const [form, setForm] = useState<FormState>(() => fromSettings(initial));
  const [problems, setProblems] = useState<Record<string, string>>({});
  const [outcome, setOutcome] = useState<{ ok: boolean; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const set = (patch: Partial<FormState>) => {
    setForm((f) => ({ ...f, ...patch }));
    setOutcome(null);
  };
  const off = !canEdit || busy;

  const save = async () => {
    if (!canEdit || busy) return;
    const checked = toSettings(form);
    if ('problems' in checked) {
      setProblems(checked.problems);
      setOutcome({ ok: false, text: '设置有误，请按提示更正后再保存' });
      return;
    }
    setBusy(true);
    setProblems({});
    try {
      const saved = await api['devices.updateSettings'](checked.settings);
      setForm(fromSettings(saved));
      setOutcome({ ok: true, text: '设备设置已保存，并已按新设置重新连接设备' });
      onSaved(saved);
    } catch (e) {
      setProblems(issuesByPath(e));
      setOutcome({ ok: false, text: messageOf(e) });
    } finally {
      setBusy(false);
    }
  };
  // The screen's Alt+S calls the latest save.
  useEffect(() => {
    saveRef.current = () => void save();
  });
  const onEnter = (e: KeyboardEvent<HTMLElement>) => enterNext(e, () => void save());
  const ports = status?.serialPorts ?? [];
  const hid = status?.hidDevices ?? [];

  return (
    <form
      className="panel"
      data-testid="device-settings"
      data-keyscope
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      <h3>设备设置{!canEdit && <span className="muted">（只读：设备设置由信息员修改）</span>}</h3>
      <h4>收据打印机（ESC/POS 串口）</h4>
      <div className="form-row">
        <Labeled label="打印机">
          <select
            ref={firstFieldRef}
            value={form.usePrinter ? 'serial' : 'none'}
            disabled={off}
            data-testid="printer-use"
            onChange={(e) => set({ usePrinter: e.target.value === 'serial' })}
            onKeyDown={onEnter}
          >
            <option value="serial">串口收据打印机</option>
            <option value="none">不使用收据打印机</option>
          </select>
        </Labeled>
        <Labeled label="串口（从列表选择或直接输入）" error={problems['printer.path']}>
          <input
            value={form.path}
            list="device-serial-ports"
            disabled={off || !form.usePrinter}
            placeholder="COM3 或 /dev/ttyUSB0"
            data-testid="printer-path"
            aria-invalid={problems['printer.path'] ? true : undefined}
            onChange={(e) => set({ path: e.target.value })}
            onKeyDown={onEnter}
          />
        </Labeled>
        <datalist id="device-serial-ports">
          {ports.map((p) => (
            <option key={p.path} value={p.path}>
              {p.manufacturer ?? ''}
            </option>
          ))}
        </datalist>
        <Labeled label="波特率" error={problems['printer.baudRate']}>
          <select
            value={form.baudRate}
            disabled={off || !form.usePrinter}
            data-testid="printer-baud"
            onChange={(e) => set({ baudRate: Number(e.target.value) as BaudRate })}
            onKeyDown={onEnter}
          >
            {BAUD_RATES.map((b) => (
              <option key={b} value={b}>
                {b}
              </option>
            ))}
          </select>
        </Labeled>
        <Labeled label="纸宽" error={problems['printer.paper']}>
          <select
            value={form.paper}
            disabled={off || !form.usePrinter}
            data-testid="printer-paper"
            onChange={(e) => set({ paper: e.target.value === '58' ? 58 : 80 })}
            onKeyDown={onEnter}
          >
            <option value={80}>80 毫米</option>
            <option value={58}>58 毫米</option>
          </select>
        </Labeled>
        <label className="check">
          <input
            type="checkbox"
            checked={form.rtscts}
            disabled={off || !form.usePrinter}
            data-testid="printer-rtscts"
            onChange={(e) => set({ rtscts: e.target.checked })}
            onKeyDown={onEnter}
          />{' '}
          RTS/CTS 硬件流控
        </label>
        <label className="check">
          <input
            type="checkbox"
            checked={form.kickDrawer}
            disabled={off || !form.usePrinter}
            data-testid="printer-drawer"
            onChange={(e) => set({ kickDrawer: e.target.checked })}
            onKeyDown={onEnter}
          />{' '}
          收现金时弹开钱箱
        </label>
      </div>

      <h4>社保卡读卡器（USB HID）</h4>
      <div className="form-row">
        <Labeled label="读卡器">
          <select
            value={form.useReader ? 'hid' : 'none'}
            disabled={off}
            data-testid="reader-use"
            onChange={(e) => set({ useReader: e.target.value === 'hid' })}
            onKeyDown={onEnter}
          >
            <option value="hid">USB HID 读卡器</option>
            <option value="none">无读卡器</option>
          </select>
        </Labeled>
        {hid.length > 0 && (
          <Labeled label="从本机 HID 设备中选择">
            <select
              value=""
              disabled={off || !form.useReader}
              data-testid="reader-pick"
              onChange={(e) => {
                const d = hid[Number(e.target.value)];
                if (d) set({ vendorId: hexId(d.vendorId), productId: hexId(d.productId) });
              }}
              onKeyDown={onEnter}
            >
              <option value="">（选择后填入厂商号与产品号）</option>
              {hid.map((d, i) => (
                <option key={i} value={i}>
                  {vidPid(d.vendorId, d.productId)} {d.product ?? ''}
                </option>
              ))}
            </select>
          </Labeled>
        )}
        <Labeled label="厂商号 VID（十六进制）" error={problems['reader.vendorId']}>
          <input
            className="short"
            value={form.vendorId}
            disabled={off || !form.useReader}
            placeholder="0x1234"
            data-testid="reader-vid"
            aria-invalid={problems['reader.vendorId'] ? true : undefined}
            onChange={(e) => set({ vendorId: e.target.value })}
            onKeyDown={onEnter}
          />
        </Labeled>
        <Labeled label="产品号 PID（十六进制）" error={problems['reader.productId']}>
          <input
            className="short"
            value={form.productId}
            disabled={off || !form.useReader}
            placeholder="0x5678"
            data-testid="reader-pid"
            aria-invalid={problems['reader.productId'] ? true : undefined}
            onChange={(e) => set({ productId: e.target.value })}
            onKeyDown={onEnter}
          />
        </Labeled>
        <Labeled label="报告长度（字节）" error={problems['reader.reportSize']}>
          <input
            className="short"
            value={form.reportSize}
            disabled={off || !form.useReader}
            inputMode="numeric"
            data-testid="reader-report-size"
            aria-invalid={problems['reader.reportSize'] ? true : undefined}
            onChange={(e) => set({ reportSize: e.target.value })}
            onKeyDown={onEnter}
          />
        </Labeled>
      </div>
      {canEdit && (
        <p>
          <button type="submit" disabled={busy} data-testid="device-save">
            保存设置 <kbd>Alt+S</kbd>
          </button>{' '}
          <span className="muted">Enter 下一项，最后一项 Enter 保存；保存后立即按新设置重新连接。</span>
        </p>
      )}
      {busy && <p className="muted">正在保存并重新连接设备…</p>}
      {outcome && (
        <p className={outcome.ok ? 'ok-line' : 'error'} role={outcome.ok ? 'status' : 'alert'} data-testid="device-settings-outcome">
          {outcome.text}
        </p>
      )}
    </form>
  );
}
