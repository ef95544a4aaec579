import { afterEach, describe, expect, it } from 'vitest';
import { Backoff } from '../../electron/district/backoff';
import { DEMO_DISTRICT } from '../../shared/demo';
import { openDemoApp } from '../helpers/temp-app';
import { ADMIN, startHarness, type Harness } from './harness';

let h: Harness | undefined;
afterEach(async () => {
  h?.app.district.stop();
  await h?.dispose();
  h = undefined;
});

const until = async (condition: () => boolean, ms = 5_000) => {
  const end = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > end) throw new Error('等待超时');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
};

describe('backoff with full jitter', () => {
  it('waits a random time up to base × 2^(n−1), capped, and starts over after a success', () => {
    const draws = [1, 0.5, 0.999, 0.25, 0];
    const backoff = new Backoff(1_000, 10_000, () => draws.shift() ?? 1);
    expect([backoff.failed(0), backoff.failed(0), backoff.failed(0), backoff.failed(0)]).toEqual([1_000, 1_000, 3_996, 2_000]);
    expect(backoff.nextAt()).toBe(2_000);
    for (let i = 0; i < 20; i++) expect(backoff.failed(0)).toBeLessThanOrEqual(10_000);
    backoff.succeeded();
    expect(backoff.nextAt()).toBe(0);
    expect(backoff.failureCount).toBe(0);
  });
});

describe('the background uploader', () => {
  it('sends what is due by itself, backs off while the centre is down, and fetches the downloads', async () => {
    h = await startHarness();
    h.app.district.updateSettings({ ...h.app.district.settings(), batchSize: 1 }, ADMIN);
    h.sim.setCatalogue('C-auto', [
      { code: 'FW9003', insurerCode: '001101000010000-110100011', name: '健康体检', kind: 'service', spec: '次', unit: '次', chargeClass: 'C', price: 5000, essential: 'none' },
    ]);
    h.app.district.start(20);
    await h.settle();
    await until(() => h!.sim.accepted().length === 1);
    await until(() => h!.app.repos.catalogue.get('FW9003') !== null);

    h.sim.setOffline(true);
    await h.settle();
    await until(() => h!.app.district.status().nextAttemptAt !== null);
    expect(h.app.district.status()).toMatchObject({ waiting: 1, lastError: { message: expect.stringMatching(/[\u4e00-\u9fa5]/) } });
    h.sim.setOffline(false);
    // The harness clock stands still; moving it past the backoff lets the next round go.
    h.clock.advance(10 * 60_000);
    await until(() => h!.sim.accepted().length === 2);
  });
});

describe('the demo database', () => {
  it('comes connected to the demo centre (npm run district:demo) but switched off', () => {
    const app = openDemoApp();
    try {
      expect(app.district.settings()).toMatchObject({ enabled: false, baseUrl: DEMO_DISTRICT.baseUrl, fixmedinsCode: DEMO_DISTRICT.fixmedinsCode, hasKey: true });
      expect(app.district.status()).toMatchObject({ enabled: false, configured: true });
    } finally {
      app.dispose();
    }
  });
});
