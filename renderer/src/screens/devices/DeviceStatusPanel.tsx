import type { DeviceStatus } from '../../../../shared/devices';
import { vidPid } from './deviceFormat';

type One = DeviceStatus['printer'];

const NOWRAP = { whiteSpace: 'nowrap' } as const;

function DeviceRow({ name, testId, device }: { name: string; testId: string; device: One }) {
  const good = device.configured && device.connected;
  return (
    <tr data-testid={`${testId}-status`}>
      <th style={NOWRAP}>{name}</th>
      <td style={NOWRAP}>{device.configured ? '已配置' : '未配置'}</td>
      <td style={NOWRAP}>{device.connected ? '已连接' : '未连接'}</td>
      <td className={good ? 'agree' : device.configured ? 'loss' : 'muted'} data-testid={`${testId}-state`}>
        {device.state}
      </td>
      <td data-testid={`${testId}-error`}>
        {device.lastError ? <span className="loss">{device.lastError === device.state ? '同左' : device.lastError}</span> : <span className="muted">—</span>}
      </td>
    </tr>
  );
}

/** 设备状态: the printer and the reader, the receipts waiting to print, and what the OS lists as present. */
export function DeviceStatusPanel({ status }: { status: DeviceStatus }) {
  return (
    <div data-testid="device-status">
      <table className="grid">
        <thead>
          <tr>
            <th style={NOWRAP}>设备</th><th style={NOWRAP}>配置</th><th style={NOWRAP}>连接</th><th>状态</th><th>最近错误</th>
          </tr>
        </thead>
        <tbody>
          <DeviceRow name="收据打印机" testId="printer" device={status.printer} />
          <DeviceRow name="社保卡读卡器" testId="reader" device={status.reader} />
        </tbody>
      </table>
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
