import type { ReactNode } from 'react';
import type { DeviceStatus } from '../../../../shared/devices';
import { DataTable, type Column } from '../../kit';
import { vidPid } from './deviceFormat';

interface DeviceRow {
  name: string;
  testId: string;
  device: DeviceStatus['printer'];
}

/** Short columns keep to one line (DataTable's columns take a class, and styles.css has none for this). */
const nowrap = (content: ReactNode) => <span style={{ whiteSpace: 'nowrap' }}>{content}</span>;

const stateClass = (d: DeviceRow['device']) => (d.configured && d.connected ? 'agree' : d.configured ? 'loss' : 'muted');

// DataTable's cells carry no test id or class of their own per row: the state and the error carry theirs.
const COLUMNS: Column<DeviceRow>[] = [
  { id: 'name', header: nowrap('设备'), cell: (r) => nowrap(<strong>{r.name}</strong>) },
  { id: 'configured', header: nowrap('配置'), cell: (r) => nowrap(r.device.configured ? '已配置' : '未配置') },
  { id: 'connected', header: nowrap('连接'), cell: (r) => nowrap(r.device.connected ? '已连接' : '未连接') },
  {
    id: 'state',
    header: '状态',
    cell: (r) => (
      <span className={stateClass(r.device)} data-testid={`${r.testId}-state`}>
        {r.device.state}
      </span>
    ),
  },
  {
    id: 'error',
    header: '最近错误',
    cell: (r) => (
      <span data-testid={`${r.testId}-error`}>
        {r.device.lastError ? <span className="loss">{r.device.lastError === r.device.state ? '同左' : r.device.lastError}</span> : <span className="muted">—</span>}
      </span>
    ),
  },
];

/** 设备状态: the printer and the reader, the receipts waiting to print, and what the OS lists as present. */
export function DeviceStatusPanel({ status }: { status: DeviceStatus }) {
  const rows: DeviceRow[] = [
    { name: '收据打印机', testId: 'printer', device: status.printer },
    { name: '社保卡读卡器', testId: 'reader', device: status.reader },
  ];
  return (
    <div data-testid="device-status">
      <DataTable columns={COLUMNS} rows={rows} rowKey={(r) => r.testId} rowProps={(r) => ({ 'data-testid': `${r.testId}-status` })} />
      <p>
        待打印收据：<strong data-testid="pending-count">{status.pendingJobs}</strong> 张
        {status.pendingJobs > 0 && <span className="warn">（打印机恢复后按 Alt+Q 打印，或等候自动打印）</span>}
      </p>
      <div className="form-row">
        <div data-testid="serial-ports">
          <h4>本机串口</h4>
          {status.serialPorts.length === 0 ? (
            <p className="muted">未发现串口</p>
          ) : (
            <ul>
              {status.serialPorts.map((p) => (
                <li key={p.path}>
                  <span className="code">{p.path}</span>
                  {p.manufacturer && <span className="muted">（{p.manufacturer}）</span>}
                </li>
              ))}
            </ul>
          )}
        </div>
        <div data-testid="hid-devices">
          <h4>本机 HID 设备（厂商号:产品号）</h4>
          {status.hidDevices.length === 0 ? (
            <p className="muted">未发现 HID 设备（Linux 上需要 /dev/hidraw* 的访问权限）</p>
          ) : (
            <ul>
              {status.hidDevices.map((d, i) => (
                <li key={`${vidPid(d.vendorId, d.productId)}-${i}`}>
                  <span className="code">{vidPid(d.vendorId, d.productId)}</span> {d.product ?? <span className="muted">（无产品名）</span>}
                </li>
              ))}
            </ul>
          )}
        </div>
      </div>
    </div>
  );
}
