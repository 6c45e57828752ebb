import { chromium } from 'playwright-core';
import { serve } from './scripts/serve.mjs';
const server = await serve('build');
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
const page = await browser.newPage({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN' });
const [path, ...clips] = process.argv.slice(2);
await page.goto(server.url + path, { waitUntil: 'networkidle' });
let i = 0;
for (const c of clips) {
  const [y, h] = c.split(':').map(Number);
  await page.screenshot({ path: `/tmp/shot${i++}.png`, clip: { x: 0, y, width: 1280, height: h }, fullPage: true });
}
await browser.close(); await server.close();
