/**
 * `npm run bench:console`: the web console's figures on the local stack — what a first visit
 * downloads (gzip) and how long cold loads take in Chromium (fresh profile each run). Printed and
 * written to bench/console.json; nothing is asserted.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { consoleBundle, consoleFirstLoad } from './bench/console-load.ts';
import { launchChromium } from './stack/chromium.ts';
import { freeStackPorts } from './stack/ports.ts';
import { ROOT, startStack } from './stack/start-stack.ts';

const runs = Number(process.argv.find((a) => a.startsWith('--runs='))?.slice(7) ?? 7);
const stack = await startStack({ quiet: true, ports: await freeStackPorts() });
const browser = await launchChromium();
try {
  const figures = {
    bundle: consoleBundle(ROOT),
    firstLoad: await consoleFirstLoad(stack, browser, runs),
    runs,
  };
  mkdirSync(join(ROOT, 'bench'), { recursive: true });
  writeFileSync(join(ROOT, 'bench', 'console.json'), `${JSON.stringify(figures, null, 2)}\n`);
  console.log(`console bundle: ${figures.bundle.totalKib} KiB, ${figures.bundle.totalGzipKib} KiB gzipped`);
  for (const f of figures.bundle.files) console.log(`  ${f.name.padEnd(32)} ${f.kib} KiB (${f.gzipKib} gz)`);
  console.log(`first load on the local stack, ${runs} cold runs (ms, median / worst):`);
  for (const [k, v] of Object.entries(figures.firstLoad))
    console.log(`  ${k.padEnd(22)} ${v.p50} / ${v.max}`);
} finally {
  await browser.close();
  await stack.stop();
}
