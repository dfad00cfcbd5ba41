import * as chromeLauncher from 'chrome-launcher';
import lighthouse from 'lighthouse';
import { serveStatic } from '../../scripts/static-server.js';
import { chromiumExecutablePath } from '../support/chromium-args';
import { ensurePwaBuilt, pwaDistDir } from '../support/pwa-server';

/**
 * Lighthouse (mobile, simulated throttling: its defaults) on the PWA as the start command serves
 * it: the built app from the same static server, on localhost. Goals: performance ≥ 90,
 * accessibility and best practices ≥ 95. Three runs, the median of each category and of the
 * first paints. Prints figures; decides nothing.
 */

const runs = 3;
ensurePwaBuilt();
const server = await serveStatic(pwaDistDir, '127.0.0.1', 0);
const chrome = await chromeLauncher.launch({
  chromePath: chromiumExecutablePath,
  chromeFlags: ['--headless=new', '--no-sandbox', '--disable-gpu'],
});

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN;

try {
  const scores: Record<string, number[]> = { performance: [], accessibility: [], 'best-practices': [] };
  const paints: Record<string, number[]> = {
    'first-contentful-paint': [],
    'largest-contentful-paint': [],
    'total-blocking-time': [],
  };
  const failing = new Set<string>();
  for (let run = 0; run < runs; run++) {
    const result = await lighthouse(`${server.url}/`, {
      port: chrome.port,
      output: 'json',
      logLevel: 'error',
      onlyCategories: Object.keys(scores),
    });
    if (!result) throw new Error('Lighthouse returned no result');
    const { lhr } = result;
    for (const name of Object.keys(scores)) scores[name]?.push((lhr.categories[name]?.score ?? 0) * 100);
    for (const name of Object.keys(paints)) paints[name]?.push(lhr.audits[name]?.numericValue ?? NaN);
    for (const audit of Object.values(lhr.audits)) {
      if (audit.score !== null && audit.score < 0.9 && audit.scoreDisplayMode !== 'informative') {
        failing.add(`${audit.id}: ${audit.displayValue ?? audit.title}`);
      }
    }
  }
  const goals: Record<string, number> = { performance: 90, accessibility: 95, 'best-practices': 95 };
  console.log(`Lighthouse ${'12.8'} on ${server.url}/ (mobile, simulated throttling), median of ${runs}:`);
  for (const [name, values] of Object.entries(scores)) {
    console.log(`  ${name}: ${median(values).toFixed(0)} (goal ≥ ${goals[name]}; runs ${values.join(', ')})`);
  }
  for (const [name, values] of Object.entries(paints)) {
    console.log(`  ${name}: ${median(values).toFixed(0)} ms`);
  }
  if (failing.size > 0) {
    console.log('  audits below 0.9 in some run:');
    for (const line of [...failing].sort()) console.log(`    ${line}`);
  }
} finally {
  await chrome.kill();
  await server.stop();
}
