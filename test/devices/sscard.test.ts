import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { afterEach, describe, expect, it } from 'vitest';
import { DeviceError } from '../../electron/devices/errors';
import { ReaderConnection } from '../../electron/devices/reader/reader-connection';
import { type CardExpectation, type CardFixture, SIM_PRODUCT_ID, SIM_VENDOR_ID, loadCardFixture, readerForFixture } from '../../electron/devices/sim/card-fixture';
import { SimulatedHidBus, type SimulatedReader } from '../../electron/devices/sim/sim-reader';
import { SocialSecurityCardService } from '../../electron/devices/sscard/card-service';
import { SSCARD_APP_NAME, maskId } from '../../electron/devices/sscard/social-security-card';

const DIR = join(import.meta.dirname, '../fixtures/cards');
const FILES = readdirSync(DIR)
  .filter((f) => f.endsWith('.json'))
  .sort();

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

async function setUp(fixture: CardFixture): Promise<{ reader: SimulatedReader; connection: ReaderConnection; service: SocialSecurityCardService }> {
  const reader = readerForFixture(fixture);
  const bus = new SimulatedHidBus([reader]);
  const connection = new ReaderConnection(bus, {
    filter: { vendorId: SIM_VENDOR_ID, productId: SIM_PRODUCT_ID },
    reportSize: fixture.reader?.reportSize ?? 64,
    pollMs: 20,
    driver: { timeouts: fixture.reader?.timeouts ?? {} },
  });
  await connection.start();
  cleanups.push(async () => {
    await connection.stop();
    bus.dispose();
  });
  return { reader, connection, service: new SocialSecurityCardService(connection) };
}

async function expectRead(service: SocialSecurityCardService, today: string, expected: CardExpectation): Promise<void> {
  const outcome = await service.read(today).then(
    (identity) => ({ identity, error: undefined }),
    (error: unknown) => ({ identity: undefined, error }),
  );
  if ('identity' in expected) {
    expect(outcome.error === undefined ? undefined : String(outcome.error)).toBeUndefined();
    expect(outcome.identity).toEqual(expected.identity);
  } else {
    expect(outcome.identity).toBeUndefined();
    expect(outcome.error).toBeInstanceOf(DeviceError);
    const error = outcome.error as DeviceError;
    expect({ code: error.code, message: error.message }).toMatchObject({ code: expected.error.code, message: expect.stringContaining(expected.error.message) });
    // Every message the cashier sees is Chinese.
    expect(error.message).toMatch(/[\u4e00-\u9fff]/);
  }
}

describe('social security card images (test/fixtures/cards)', () => {
  it('has the scenarios the counter meets', () => {
    const names = FILES.join(' ');
    for (const word of ['good', 'expired', 'bad-check-digit', 'truncated', 'bad-checksum', 'status-word', 'garbage', 'pulled', 'unplugged']) {
      expect(names).toContain(word);
    }
  });

  it.each(FILES)('%s gives the right identity or the right Chinese error', async (file) => {
    const fixture = loadCardFixture(join(DIR, file));
    expect(fixture.description).not.toBe('');
    const { reader, connection, service } = await setUp(fixture);
    await expectRead(service, fixture.today, fixture.expect);
    for (const step of fixture.after ?? []) {
      if ('read' in step) await expectRead(service, fixture.today, step.read);
      else if (step.do === 'reinsertCard') reader.insertCard(fixture.card!);
      else if (step.do === 'removeCard') reader.removeCard();
      else if (step.do === 'replug') reader.replug();
      else await connection.waitForReader(3000);
    }
  });
});

describe('social security card APDUs', () => {
  it('selects by the GBK name and reads every record with the documented APDUs', async () => {
    expect(SSCARD_APP_NAME.subarray(7)).toEqual(iconv.encode('社会保障', 'gbk'));
    const fixture = loadCardFixture(join(DIR, '01-good-t1.json'));
    const { reader, service } = await setUp(fixture);
    await service.read(fixture.today);
    expect(reader.insertedCard!.log.map((e) => e.command)).toEqual([
      '00A404000F7378312E73682EC9E7BBE1B1A3D5CF',
      '00A4020002EF05',
      '00B2012C12',
      '00B2052C06',
      '00B2062C06',
      '00B2072C0B',
      '00A4020002EF06',
      '00B2083414',
      '00B2093420',
      '00B20A3403',
      '00B20B3403',
      '00B20D3406',
    ]);
    // Card number reply exactly as in the domain notes: tag, length, 9 data bytes, 90 00.
    expect(reader.insertedCard!.log[5]!.response).toBe('0709' + Buffer.from('A01234567').toString('hex').toUpperCase() + '9000');
    expect(reader.commands.map((c) => c.cmd)).toEqual(['STATUS', 'POWER_ON', ...Array(12).fill('APDU'), 'POWER_OFF', 'BEEP']);
    expect(reader.beeps).toBe(1);
  });

  it('follows 61xx with GET RESPONSE, chunk by chunk', async () => {
    const fixture = loadCardFixture(join(DIR, '02-good-t0-get-response.json'));
    const { reader, service } = await setUp(fixture);
    const identity = await service.read(fixture.today);
    expect(identity.name).toBe('王秀英');
    const log = reader.insertedCard!.log;
    // The name record (tag, length, 30 bytes) comes as 61 08, then four GET RESPONSEs of 8 bytes.
    const at = log.findIndex((e) => e.command === '00B2093420');
    expect(log.slice(at, at + 5)).toEqual([
      { command: '00B2093420', response: '6108' },
      { command: '00C0000008', response: expect.stringMatching(/^091E[0-9A-F]{12}6108$/) },
      { command: '00C0000008', response: expect.stringMatching(/6108$/) },
      { command: '00C0000008', response: expect.stringMatching(/6108$/) },
      { command: '00C0000008', response: '20202020202020209000' },
    ]);
    // SELECT by name is announced with 61 xx too, and its FCI fetched.
    expect(log[0]).toEqual({ command: '00A404000F7378312E73682EC9E7BBE1B1A3D5CF', response: '6108' });
  });

  it('resends with the Le the card asks for after 6Cxx', async () => {
    const fixture = loadCardFixture(join(DIR, '04-good-le-mismatch-6c.json'));
    const { reader, service } = await setUp(fixture);
    await service.read(fixture.today);
    const log = reader.insertedCard!.log;
    const at = log.findIndex((e) => e.command === '00B2093420');
    expect(log[at]!.response).toBe('6C16');
    expect(log[at + 1]!.command).toBe('00B2093416');
    expect(log[at + 1]!.response).toMatch(/^0914[0-9A-F]{40}9000$/);
  });

  it('masks the number in messages', () => {
    expect(maskId('440306200011093569')).toBe('440306********3569');
  });
});
