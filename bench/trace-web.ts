/**
 * A diagnosis aid, not a benchmark module (it exports no bench(), and does nothing when bench/run.ts
 * imports it): opens the plan or Gantt page under the conditions of bench/web.ts (CPU 4× slower, fresh
 * context, session cookie set) and prints each request's start → first byte → end and the main thread's
 * long tasks (with what ran in them), in ms from navigation; the Chrome trace is written to the temporary
 * folder (open it in DevTools' Performance panel).
 *
 *   npx tsx bench/trace-web.ts [plan|gantt] [runs]
 */
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { login, removeDir, startDemoServer } from './lib.js';
import { contentTimeOf, markContentTime } from './web.js';

const PAGES = {
  plan: { path: '/plans/aoba/2026', selector: '.plan-doc .doc-row' },
  gantt: { path: '/plans/aoba/2026/gantt', selector: '.fg-host .bar-wrapper' },
};
const PASSWORD = 'council-demo-2026';

async function main(which: keyof typeof PAGES, runs: number): Promise<void> {
  const server = await startDemoServer(PASSWORD);
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--headless', '--disable-gpu'],
  });
  try {
    const { cookie } = await login(server.url, 'aoba', PASSWORD);
    for (let run = 0; run < runs; run++) {
      const context = await browser.newContext({ viewport: { width: 1366, height: 900 } });
      const [name, value] = cookie.split('=') as [string, string];
      await context.addCookies([{ name, value, url: server.url }]);
      await markContentTime(context, PAGES[which].selector);
      const page = await context.newPage();
      const cdp = await context.newCDPSession(page);
      await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
      const events: string[] = [];
      const traceChunks: unknown[] = [];
      cdp.on('Tracing.dataCollected', (e) => traceChunks.push(...(e.value as unknown[])));
      await cdp.send('Tracing.start', {
        categories: 'devtools.timeline,v8.execute,disabled-by-default-devtools.timeline,blink.user_timing,loading',
        transferMode: 'ReportEvents',
      });
      await page.goto(`${server.url}${PAGES[which].path}`, { waitUntil: 'commit' });
      const content = await contentTimeOf(cdp, PAGES[which].selector);
      const entries = (await page.evaluate(() =>
        performance.getEntriesByType('resource').map((r) => {
          const e = r as PerformanceResourceTiming;
          return {
            name: e.name.replace(location.origin, ''),
            start: e.startTime,
            reqStart: e.requestStart,
            respStart: e.responseStart,
            end: e.responseEnd,
            size: e.encodedBodySize,
            raw: e.decodedBodySize,
          };
        }),
      )) as { name: string; start: number; reqStart: number; respStart: number; end: number; size: number; raw: number }[];
      const nav = (await page.evaluate(() => {
        const n = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
        return {
          respStart: n.responseStart,
          end: n.responseEnd,
          dcl: n.domContentLoadedEventEnd,
          fcp: performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? -1,
        };
      })) as Record<string, number>;
      await new Promise<void>((resolve) => {
        cdp.once('Tracing.tracingComplete', () => resolve());
        void cdp.send('Tracing.end');
      });
      // main-thread long tasks (≥ 20 ms of throttled time) from the trace, relative to navigation start
      type Ev = { name: string; ph: string; ts: number; dur?: number; tid: number; pid: number; args?: Record<string, unknown>; cat: string };
      const evs = traceChunks as Ev[];
      const navStart = evs.find((e) => e.name === 'navigationStart' || e.name === 'NavigationStart');
      const t0 = navStart?.ts ?? Math.min(...evs.filter((e) => e.ts > 0).map((e) => e.ts));
      const mainTid = evs.find((e) => e.name === 'thread_name' && (e.args as { name?: string })?.name === 'CrRendererMain')?.tid;
      const tasks = evs.filter((e) => e.tid === mainTid && e.name === 'RunTask' && (e.dur ?? 0) > 15_000);
      for (const t of tasks) {
        const inner = evs
          .filter((e) => e.tid === mainTid && e.ts >= t.ts && e.ts < t.ts + t.dur! && e.dur && e.dur > 5_000 && e.name !== 'RunTask')
          .map(
            (e) =>
              `${e.name}${(e.args?.data as { url?: string; functionName?: string })?.url ? ' ' + String((e.args!.data as { url: string }).url).replace(server.url, '') : ''}${(e.args?.data as { functionName?: string })?.functionName ? ' ' + (e.args!.data as { functionName: string }).functionName : ''} ${(e.dur! / 1000).toFixed(0)}`,
          )
          .slice(0, 8);
        events.push(
          `task ${((t.ts - t0) / 1000).toFixed(0)}–${((t.ts + t.dur! - t0) / 1000).toFixed(0)} ms (${(t.dur! / 1000).toFixed(0)}): ${inner.join(' | ')}`,
        );
      }
      const file = join(tmpdir(), `council-trace-${which}-${run}.json`);
      writeFileSync(file, JSON.stringify({ traceEvents: evs }));
      console.log(
        `\n== ${which} run ${run}: content at ${content.toFixed(0)} ms; html ${nav.respStart!.toFixed(0)}–${nav.end!.toFixed(0)}, DCL ${nav.dcl!.toFixed(0)}, FCP ${nav.fcp!.toFixed(0)}`,
      );
      for (const e of entries.sort((a, b) => a.start - b.start))
        console.log(
          `  ${e.start.toFixed(0).padStart(5)} → ${e.respStart.toFixed(0).padStart(5)} → ${e.end.toFixed(0).padStart(5)}  ${String(e.size).padStart(7)}/${String(e.raw).padStart(7)} B  ${e.name}`,
        );
      for (const l of events) console.log('  ' + l);
      console.log(`  trace: ${file}`);
      await context.close();
    }
  } finally {
    await browser.close();
    await server.stop();
    removeDir(server.dataDir);
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await main((process.argv[2] ?? 'plan') as keyof typeof PAGES, Number(process.argv[3] ?? 1));
}
