// Opens a portaudit HTML page in headless Chromium the way a reviewer's browser would, and reports
// what a test needs to judge it: every request the page made, every console error (a Content
// Security Policy violation is one), the geometry of the timeline's bars and bands, and screenshots.
// Usage: node look.mjs FILE.html OUT_DIR  (prints one JSON object; screenshots and the PDF go to OUT_DIR)
import { chromium } from 'playwright-core';
import { pathToFileURL } from 'node:url';

const [, , file, out] = process.argv;
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  // no background traffic of the browser's own, so every request seen is the page's
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync'],
});
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const requests = [];
  const errors = [];
  page.on('request', (r) => requests.push(r.url()));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(pathToFileURL(file).href, { waitUntil: 'load', timeout: 30000 });
  const shots = [];
  for (const id of ['listener-timeline', 'finding-timeline']) {
    if (await page.locator('#' + id).count() === 1) {
      await page.locator('#' + id).screenshot({ path: `${out}/${id}.png` });
      shots.push(id);
    }
  }
  await page.screenshot({ path: `${out}/page.png`, fullPage: true });
  const plot = await page.$$eval('#listener-timeline line.frame', (ls) => ls.map((l) => l.getBoundingClientRect().x));
  const bars = await page.$$eval('#listener-timeline rect.span', (rs) => rs.map((r) => {
    const b = r.getBoundingClientRect();
    return { label: r.previousElementSibling.textContent, exposure: r.dataset.exposure, x: b.x, width: b.width,
      fill: getComputedStyle(r).fill, title: r.querySelector('title').textContent };
  }));
  const bands = await page.$$eval('#finding-timeline polygon.band', (ps) => ps.map((p) => {
    const b = p.getBoundingClientRect();
    return { severity: p.dataset.severity, x: b.x, y: b.y, width: b.width, height: b.height, fill: getComputedStyle(p).fill };
  }));
  // a compliance report's controls as drawn: status and the pill's colour
  const controls = await page.$$eval('#controls tbody tr', (rs) => rs.map((r) => {
    const pill = r.querySelector('td.status .pill');
    return { control: r.querySelector('td').textContent, status: pill.textContent,
      colour: getComputedStyle(pill).backgroundColor, height: pill.getBoundingClientRect().height };
  }));
  // printed as a reviewer would print it: A4, the page's own print styles
  const pdf = await page.pdf({ path: `${out}/page.pdf`, format: 'A4', printBackground: true });
  const pages = (pdf.toString('latin1').match(/\/Type\s*\/Page\b(?!s)/g) || []).length;
  console.log(JSON.stringify({ requests, errors, shots, plot, bars, bands, controls, pages }));
} finally {
  await browser.close();
}
