import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { DeviceError, hex } from '../../electron/devices/errors';
import { ReaderConnection, type ReaderState } from '../../electron/devices/reader/reader-connection';
import { ReaderDriver } from '../../electron/devices/reader/reader-driver';
import { loadCardFixture } from '../../electron/devices/sim/card-fixture';
import { SimulatedHidBus, SimulatedReader } from '../../electron/devices/sim/sim-reader';
import { SocialSecurityCardService } from '../../electron/devices/sscard/card-service';
import { HidWatcher } from '../../electron/devices/transport/hid-watch';
import { NodeHidBus, NodeHidTransport } from '../../electron/devices/transport/hid-node';
import type { HidBus, HidDeviceInfo } from '../../electron/devices/transport/types';
import { join } from 'node:path';

const GOOD = loadCardFixture(join(import.meta.dirname, '../fixtures/cards/01-good-t1.json'));
const FILTER = { vendorId: 0x1234, productId: 0x5678 };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('reader driver over the simulated HID transport', () => {
  it('writes exactly the documented reports', async () => {
    const reader = new SimulatedReader(GOOD.card, { reportSize: 64 });
    const transport = reader.connect(64);
    const driver = new ReaderDriver(transport);
    expect(await driver.status()).toEqual({ cardPresent: true, powered: false });
    expect(hex(await driver.powerOn())).toBe('3B 6C 00 00 10 10 10 30 00 00 00 00 00 00 00 00');
    await driver.transmit(Buffer.from('00A404000F7378312E73682EC9E7BBE1B1A3D5CF', 'hex'));
    await driver.transmit(Buffer.from('00A4020002EF05', 'hex'));
    const reply = await driver.transmit(Buffer.from('00B2072C0B', 'hex'));
    expect(hex(reply)).toBe('07 09 41 30 31 32 33 34 35 36 37 90 00');
    expect(transport.written.map((r) => r.length)).toEqual([64, 64, 64, 64, 64]);
    expect(hex(transport.written[0]!.subarray(0, 6))).toBe('02 00 00 10 10 03');
    expect(hex(transport.written[4]!.subarray(0, 11))).toBe('02 00 05 13 00 B2 07 2C 0B 84 03');
    expect(transport.written[4]!.subarray(11).every((b) => b === 0)).toBe(true);
  });

  it('skips a late answer to an earlier request', async () => {
    const reader = new SimulatedReader(GOOD.card, { faults: [{ kind: 'silent', command: 'STATUS' }] });
    const transport = reader.connect(64);
    const driver = new ReaderDriver(transport, { timeouts: { commandMs: 50 } });
    await expect(driver.status()).rejects.toMatchObject({ code: 'READER_TIMEOUT', message: expect.stringContaining('读卡器无响应') });
    expect(await driver.status()).toEqual({ cardPresent: true, powered: false });
  });

  it('traces every exchange for the device page', async () => {
    const entries: { cmd: number; request: string }[] = [];
    const reader = new SimulatedReader(GOOD.card);
    const driver = new ReaderDriver(reader.connect(64), { trace: (e) => entries.push(e) });
    await driver.beep(200);
    expect(entries).toEqual([expect.objectContaining({ cmd: 0x14, request: '14', response: '' })]);
    expect(reader.beeps).toBe(1);
  });
});

describe('hot-plug', () => {
  it('a reader unplugged mid-read is reported, then found again after replug and reads the card', async () => {
    const reader = new SimulatedReader(GOOD.card, { ...FILTER, latencyMs: 5 });
    const bus = new SimulatedHidBus([reader]);
    const connection = new ReaderConnection(bus, { filter: FILTER, reportSize: 64, pollMs: 20 });
    const states: ReaderState[] = [];
    connection.onChange((s) => states.push(s));
    await connection.start();
    const service = new SocialSecurityCardService(connection);
    try {
      const firstPath = reader.path;
      const reading = service.read(GOOD.today);
      await sleep(25); // a few APDUs in
      reader.unplug();
      await expect(reading).rejects.toMatchObject({ code: 'READER_DETACHED', message: expect.stringContaining('读卡中断') });
      await expect(service.read(GOOD.today)).rejects.toMatchObject({ code: 'READER_NOT_CONNECTED', message: expect.stringContaining('读卡器未连接') });
      reader.replug();
      await connection.waitForReader(2000);
      expect(reader.path).not.toBe(firstPath);
      const identity = await service.read(GOOD.today);
      expect(identity.name).toBe('李建国');
      expect(states.map((s) => s.connected)).toEqual([true, false, true]);
    } finally {
      await connection.stop();
    }
  });

  it('a replug faster than one poll (same path) is recovered too', async () => {
    const reader = new SimulatedReader(GOOD.card, FILTER);
    const bus = new SimulatedHidBus([reader]);
    const connection = new ReaderConnection(bus, { filter: FILTER, reportSize: 64, pollMs: 10_000 });
    await connection.start();
    const service = new SocialSecurityCardService(connection);
    try {
      expect((await service.read(GOOD.today)).idNumber).toBe('430721195803120018');
      // The transport dies (USB reset) but enumeration never stops listing the device.
      const driver = await connection.driver();
      (driver.transport as unknown as { detach(e: Error): void }).detach(new Error('USB reset'));
      await sleep(1);
      expect(connection.state.connected).toBe(false);
      // No poll has run since: driver() polls once itself and reopens.
      expect((await service.read(GOOD.today)).idNumber).toBe('430721195803120018');
    } finally {
      await connection.stop();
    }
  });

  it('says which model it looks for when nothing is plugged in', async () => {
    const connection = new ReaderConnection(new SimulatedHidBus([]), { filter: { vendorId: 0x0bda, productId: 0x0169 }, reportSize: 64, pollMs: 20 });
    await connection.start();
    await expect(connection.driver()).rejects.toThrow('读卡器未连接：请检查读卡器 USB 线（设置中的型号为 VID 0BDA / PID 0169）');
    await expect(connection.waitForReader(60)).rejects.toBeInstanceOf(DeviceError);
    await connection.stop();
  });

  it('the watcher reports attach and detach by polling, and ignores other devices', async () => {
    let listed: HidDeviceInfo[] = [];
    const bus: HidBus = { devices: async () => listed, open: async () => Promise.reject(new Error('unused')) };
    const watcher = new HidWatcher(bus, FILTER, 10_000);
    const events: string[] = [];
    watcher.on('attach', (d) => events.push(`+${d.path}`));
    watcher.on('detach', (d) => events.push(`-${d.path}`));
    const keyboard = { path: 'kbd', vendorId: 0x046d, productId: 0xc31c };
    const ours = { path: 'r1', ...FILTER };
    listed = [keyboard];
    await watcher.start();
    listed = [keyboard, ours];
    await watcher.poll();
    listed = [keyboard];
    await watcher.poll();
    listed = [{ ...ours, path: 'r2' }];
    await watcher.poll();
    watcher.forget('r2');
    await watcher.poll();
    watcher.stop();
    expect(events).toEqual(['+r1', '-r1', '+r2', '+r2']);
  });
});

describe('node-hid adapter', () => {
  class FakeHid extends EventEmitter {
    writes: Buffer[] = [];
    closed = false;
    async write(values: number[] | Buffer) {
      this.writes.push(Buffer.from(values));
      return values.length;
    }
    async close() {
      this.closed = true;
    }
  }
  const info = { path: '/dev/hidraw9', ...FILTER };

  it('prefixes the report ID, pads to the report size, and queues input reports', async () => {
    const device = new FakeHid();
    const transport = new NodeHidTransport(device, info, 64);
    await transport.write(Buffer.from('020000101003', 'hex'));
    expect(device.writes[0]).toHaveLength(65);
    expect(hex(device.writes[0]!.subarray(0, 7))).toBe('00 02 00 00 10 10 03');
    device.emit('data', Buffer.from('aa', 'hex'));
    expect(hex((await transport.read(10))!)).toBe('AA');
    expect(await transport.read(5)).toBeNull();
  });

  it('detaches on a read error (unplugged): listeners fire, reads and writes fail in Chinese', async () => {
    const device = new FakeHid();
    const transport = new NodeHidTransport(device, info, 64);
    const reasons: string[] = [];
    transport.onDetach((e) => reasons.push(e.message));
    const pending = transport.read(1000);
    device.emit('error', new Error('could not read from HID device'));
    await expect(pending).rejects.toMatchObject({ code: 'READER_DETACHED' });
    await expect(transport.write(Buffer.alloc(1))).rejects.toThrow('读卡器已断开');
    expect(reasons).toEqual(['could not read from HID device']);
    expect(transport.isOpen).toBe(false);
  });

  it('node-hid loads here and enumerates (no reader is attached on CI)', async () => {
    const devices = await new NodeHidBus().devices();
    expect(Array.isArray(devices)).toBe(true);
  });
});
