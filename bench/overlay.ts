import { performance } from 'node:perf_hooks';
import { signGeneric } from '../main/sources/webhook/signature.js';
import { EXAMPLE_CAMPAIGN } from '../main/testing/harness.js';
import { launchBrowser } from '../tests/support/browser.js';
import { ownerApi, startServer } from '../tests/support/server-process.js';

const now = () => performance.timeOrigin + performance.now();

/**
 * Event → overlay: signed webhooks of 1.00 EUR each at `rate`/s into the real server process;
 * the overlay page in Chromium records when its total first shows each new value. A donation's
 * latency is from its request being sent to the first DOM text showing a total that includes
 * it (its rank in commit order, from the event seq it was given). Reduced motion is on, so the
 * count-up (≤ 0.9 s by design) does not hide when the page knew.
 */
export async function overlayLatencies(dir: string, rate: number, seconds: number): Promise<{ latencies: number[]; sent: number; late: number }> {
  const server = await startServer(dir);
  const browser = await launchBrowser();
  try {
    await ownerApi(server.url, 'PUT', '/api/campaign', EXAMPLE_CAMPAIGN);
    const source = (await ownerApi(server.url, 'POST', '/api/sources', { kind: 'webhook', name: 'bench' })).body;
    const overlayUrl = (await ownerApi(server.url, 'GET', '/api/overlay')).body.widgets[0].url as string;
    const context = await browser.newContext({ viewport: { width: 1920, height: 1080 }, reducedMotion: 'reduce' });
    const page = await context.newPage();
    await page.goto(overlayUrl);
    await page.locator('#root[data-state="ready"]').waitFor();
    await page.evaluate(() => {
      const seen: [number, string][] = [];
      (window as unknown as { __seen: [number, string][] }).__seen = seen;
      const target = document.querySelector('[data-testid="overlay-total"]');
      if (!target) throw new Error('no overlay total');
      new MutationObserver(() => seen.push([performance.timeOrigin + performance.now(), target.textContent ?? ''])).observe(target, {
        subtree: true,
        childList: true,
        characterData: true,
      });
    });

    const count = rate * seconds;
    const sentAt: number[] = [];
    const seqs: number[] = [];
    const requests: Promise<void>[] = [];
    const started = now();
    for (let i = 0; i < count; i += 1) {
      const due = started + (i * 1_000) / rate;
      const wait = due - now();
      if (wait > 1) await new Promise((r) => setTimeout(r, wait));
      const raw = JSON.stringify({ id: `ov-${i}`, type: 'donation', amount: { value: '1.00', currency: 'EUR' }, donor: { name: 'Bench' } });
      const ts = Math.floor(Date.now() / 1000);
      sentAt[i] = now();
      requests.push(
        fetch(`${server.url}/hooks/${source.id}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-telethon-timestamp': String(ts), 'x-telethon-signature': signGeneric(source.secret, ts, raw) },
          body: raw,
        }).then(async (response) => {
          const body = (await response.json()) as { id: number };
          if (response.status !== 201) throw new Error(`webhook answered ${response.status}`);
          seqs[i] = body.id;
        }),
      );
    }
    await Promise.all(requests);
    const finalText = `${count}.00`;
    await page.waitForFunction((text) => document.querySelector('[data-testid="overlay-total"]')?.textContent?.replace(/,/g, '').includes(text), finalText, { timeout: 10_000 });
    const seen = await page.evaluate(() => (window as unknown as { __seen: [number, string][] }).__seen);

    // Rank in commit order: donation i is included once the total shows ≥ rank(i) euros.
    const order = seqs.map((seq, i) => ({ seq, i })).sort((a, b) => a.seq - b.seq);
    const rank = new Array<number>(count);
    order.forEach(({ i }, position) => (rank[i] = position + 1));
    const shown = seen.map(([at, text]) => ({ at, euros: Number(/([\d,]+)\.\d\d/.exec(text)?.[1]?.replace(/,/g, '') ?? -1) }));
    const latencies: number[] = [];
    let late = 0;
    for (let i = 0; i < count; i += 1) {
      const first = shown.find((s) => s.euros >= rank[i]! && s.at >= sentAt[i]!);
      if (first) latencies.push(first.at - sentAt[i]!);
      else late += 1;
    }
    await context.close();
    return { latencies: latencies.sort((a, b) => a - b), sent: count, late };
  } finally {
    await browser.close();
    await server.stop();
  }
}
