import { useState, type KeyboardEvent, type Ref } from 'react';
import type { DeviceSettings, DeviceStatus } from '../../../../shared/devices';
import { api } from '../../api';
import { Check, Field, focusNext, issuesByPath, Labeled, messageOf, useForm, useShortcuts } from '../../kit';
import { hexId, parseHexId, parseReportSize, vidPid } from './deviceFormat';

const BAUD_RATES = [9600, 19200, 115200] as const;
type BaudRate = (typeof BAUD_RATES)[number];

interface Values {
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

function fromSettings(s: DeviceSettings): Values {
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
function toSettings(f: Values): { settings: DeviceSettings } | { problems: Record<string, string> } {
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

/** Enter moves to the next field of the form; on the last one it saves (selects and checkboxes). */
function enterNext(e: KeyboardEvent<HTMLElement>, save: () => void) {
  if (e.key !== 'Enter' || e.ctrlKey || e.altKey) return;
  e.preventDefault();
  if (!focusNext(e.currentTarget)) save();
}

/** The port field offers the ports present (a datalist): the kit's Field takes no `list`, so it is set here. */
const withPortList = (input: HTMLInputElement | null) => input?.setAttribute('list', 'device-serial-ports');

interface DeviceSettingsFormProps {
  initial: DeviceSettings;
  canEdit: boolean;
  status: DeviceStatus | null;
  firstFieldRef: Ref<HTMLSelectElement>;
  onSaved: (settings: DeviceSettings) => void;
}

/**
 * 设备设置 (信息员): the receipt printer's serial port (picked from the ports present or typed), baud rate,
 * RTS/CTS, paper width and cash drawer; the card reader's USB vendor and product id and report size, or none.
 * Enter goes field to field and saves on the last; Alt+S saves from anywhere. Managers see it read-only.
 */
export function DeviceSettingsForm({ initial, canEdit, status, firstFieldRef, onSaved }: DeviceSettingsFormProps) {
  // Taken apart: React's lint reads every property of an object holding a ref (scopeRef) as a ref.
  const { values, issues, busy, scopeRef, field, reset, fail, submit, set: setValues } = useForm<Values>(() => fromSettings(initial));
  const [outcome, setOutcome] = useState<{ ok: boolean; text: string } | null>(null);
  /** Any change: the last save's outcome no longer speaks for the form (the fields' errors stay). */
  const set = (patch: Partial<Values>) => {
    setValues(patch);
    setOutcome(null);
  };
  const refuse = (text: string, issues: Record<string, string>) => {
    fail(text, issues);
    setOutcome({ ok: false, text });
  };
  const off = !canEdit || busy;

  const save = async () => {
    if (!canEdit || busy) return;
    const checked = toSettings(values);
    if ('problems' in checked) return refuse('设置有误，请按提示更正后再保存', checked.problems);
    await submit(async () => {
      try {
        const saved = await api['devices.updateSettings'](checked.settings);
        reset(fromSettings(saved));
        setOutcome({ ok: true, text: '设备设置已保存，并已按新设置重新连接设备' });
        onSaved(saved);
      } catch (e) {
        refuse(messageOf(e), issuesByPath(e));
      }
    });
  };
  // Ahead of the fields, like the page's other keys; a manager's Alt+S does nothing.
  useShortcuts(true, { 'Alt+S': () => void save() }, { phase: 'capture' });
  const onEnter = (e: KeyboardEvent<HTMLElement>) => enterNext(e, () => void save());
  /** A text field bound to the form, answering for the API's `path`. */
  const text = (name: 'path' | 'vendorId' | 'productId' | 'reportSize', path: string) => ({
    ...field(name, path),
    onChange: (value: string) => set({ [name]: value }),
  });
  const ports = status?.serialPorts ?? [];
  const hid = status?.hidDevices ?? [];

  return (
    <div ref={scopeRef}>
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
              value={values.usePrinter ? 'serial' : 'none'}
              disabled={off}
              data-testid="printer-use"
              onChange={(e) => set({ usePrinter: e.target.value === 'serial' })}
              onKeyDown={onEnter}
            >
              <option value="serial">串口收据打印机</option>
              <option value="none">不使用收据打印机</option>
            </select>
          </Labeled>
          <Field
            label="串口（从列表选择或直接输入）"
            {...text('path', 'printer.path')}
            inputRef={withPortList}
            disabled={off || !values.usePrinter}
            placeholder="COM3 或 /dev/ttyUSB0"
            testId="printer-path"
          />
          <datalist id="device-serial-ports">
            {ports.map((p) => (
              <option key={p.path} value={p.path}>
                {p.manufacturer ?? ''}
              </option>
            ))}
          </datalist>
          <Labeled label="波特率" error={issues['printer.baudRate']}>
            <select
              value={values.baudRate}
              disabled={off || !values.usePrinter}
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
          <Labeled label="纸宽" error={issues['printer.paper']}>
            <select
              value={values.paper}
              disabled={off || !values.usePrinter}
              data-testid="printer-paper"
              onChange={(e) => set({ paper: e.target.value === '58' ? 58 : 80 })}
              onKeyDown={onEnter}
            >
              <option value={80}>80 毫米</option>
              <option value={58}>58 毫米</option>
            </select>
          </Labeled>
          {/* Not the last fields of the form (the reader's follow), so Enter simply goes on. */}
          <Check label="RTS/CTS 硬件流控" checked={values.rtscts} disabled={off || !values.usePrinter} testId="printer-rtscts" onChange={(rtscts) => set({ rtscts })} />
          <Check label="收现金时弹开钱箱" checked={values.kickDrawer} disabled={off || !values.usePrinter} testId="printer-drawer" onChange={(kickDrawer) => set({ kickDrawer })} />
        </div>

        <h4>社保卡读卡器（USB HID）</h4>
        <div className="form-row">
          <Labeled label="读卡器">
            <select
              value={values.useReader ? 'hid' : 'none'}
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
                disabled={off || !values.useReader}
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
          <Field
            label="厂商号 VID（十六进制）"
            {...text('vendorId', 'reader.vendorId')}
            className="short"
            disabled={off || !values.useReader}
            placeholder="0x1234"
            testId="reader-vid"
          />
          <Field
            label="产品号 PID（十六进制）"
            {...text('productId', 'reader.productId')}
            className="short"
            disabled={off || !values.useReader}
            placeholder="0x5678"
            testId="reader-pid"
          />
          {/* The last field: Enter saves. */}
          <Field
            label="报告长度（字节）"
            {...text('reportSize', 'reader.reportSize')}
            className="short"
            disabled={off || !values.useReader}
            inputMode="numeric"
            testId="reader-report-size"
            onEnter={() => void save()}
          />
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
    </div>
  );
}
