import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { resolveFile, serve } from '../../scripts/serve.mjs';
import { decoded, request, writeFakeSite, type FakeSite } from '../helpers/http.js';

const IMMUTABLE = 'public, max-age=31536000, immutable';

describe('scripts/serve.mjs', () => {
  let dir: string;
  let root: string;
  let site: FakeSite;
  let server: { url: string; close(): Promise<void> };
  const get = (pathname: string, headers: Record<string, string> = {}, method = 'GET') =>
    request(server.url, pathname, { method, headers });

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'serve-test-'));
    root = path.join(dir, 'build');
    site = writeFakeSite(root);
    writeFileSync(path.join(dir, 'secret.txt'), 'outside the root');
    server = await serve(root);
  });
  afterAll(async () => {
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers gzip and brotli that decode to the file, and identity without Accept-Encoding', async () => {
    for (const pathname of ['/index.html', site.hashedArrow, '/_app/immutable/entry/app.4f2a9c1e.js']) {
      const gzip = await get(pathname, { 'accept-encoding': 'gzip, deflate' });
      expect(gzip.headers['content-encoding']).toBe('gzip');
      expect(decoded(gzip).equals(site.files[pathname])).toBe(true);
      expect(Number(gzip.headers['content-length'])).toBe(gzip.body.length);
      expect(gzip.body.length).toBeLessThan(site.files[pathname].length);

      const br = await get(pathname, { 'accept-encoding': 'gzip, deflate, br' });
      expect(br.headers['content-encoding']).toBe('br');
      expect(decoded(br).equals(site.files[pathname])).toBe(true);

      const plain = await get(pathname);
      expect(plain.headers['content-encoding']).toBeUndefined();
      expect(plain.body.equals(site.files[pathname])).toBe(true);
      expect(Number(plain.headers['content-length'])).toBe(site.files[pathname].length);
      for (const res of [gzip, br, plain]) expect(res.headers.vary).toBe('Accept-Encoding');
    }
  });

  it('honours q-values: br;q=0 falls back to gzip, identity-only gets identity', async () => {
    expect((await get('/index.html', { 'accept-encoding': 'br;q=0, gzip;q=0.5' })).headers['content-encoding']).toBe('gzip');
    expect((await get('/index.html', { 'accept-encoding': 'identity' })).headers['content-encoding']).toBeUndefined();
    expect((await get('/index.html', { 'accept-encoding': '*' })).headers['content-encoding']).toBe('br');
  });

  it('leaves Parquet and tiny files uncompressed', async () => {
    const parquet = site.hashedArrow.replace('.arrow', '.parquet');
    for (const pathname of [parquet, '/tiny.css']) {
      const res = await get(pathname, { 'accept-encoding': 'gzip, br' });
      expect(res.status).toBe(200);
      expect(res.headers['content-encoding']).toBeUndefined();
      expect(res.body.equals(site.files[pathname])).toBe(true);
    }
  });

  it('sends the content types the site needs', async () => {
    expect((await get(site.hashedArrow)).headers['content-type']).toBe('application/vnd.apache.arrow.stream');
    expect((await get('/index.html')).headers['content-type']).toBe('text/html; charset=utf-8');
    expect((await get('/data/manifest.json')).headers['content-type']).toBe('application/json; charset=utf-8');
    expect((await get('/_app/immutable/assets/duckdb-eh.7c1d2e3f.wasm')).headers['content-type']).toBe('application/wasm');
  });

  it('answers a Range request with 206 and the identity bytes, even when compression is accepted', async () => {
    const file = site.files[site.hashedArrow];
    const res = await get(site.hashedArrow, { range: 'bytes=10-19', 'accept-encoding': 'gzip, br' });
    expect(res.status).toBe(206);
    expect(res.headers['content-encoding']).toBeUndefined();
    expect(res.headers['content-range']).toBe(`bytes 10-19/${file.length}`);
    expect(res.headers['content-length']).toBe('10');
    expect(res.body.equals(file.subarray(10, 20))).toBe(true);

    const suffix = await get(site.hashedArrow, { range: 'bytes=-5', 'accept-encoding': 'gzip' });
    expect(suffix.status).toBe(206);
    expect(suffix.body.equals(file.subarray(file.length - 5))).toBe(true);

    const open = await get(site.hashedArrow, { range: 'bytes=100-' });
    expect(open.headers['content-range']).toBe(`bytes 100-${file.length - 1}/${file.length}`);
    expect(open.body.equals(file.subarray(100))).toBe(true);

    const beyond = await get(site.hashedArrow, { range: `bytes=${file.length}-` });
    expect(beyond.status).toBe(416);
    expect(beyond.headers['content-range']).toBe(`bytes */${file.length}`);
  });

  it('ignores a Range whose If-Range names another version of the file', async () => {
    const res = await get(site.hashedArrow, { range: 'bytes=0-9', 'if-range': '"stale"' });
    expect(res.status).toBe(200);
    expect(res.body.equals(site.files[site.hashedArrow])).toBe(true);
    const current = (await get(site.hashedArrow)).headers.etag!;
    expect((await get(site.hashedArrow, { range: 'bytes=0-9', 'if-range': current })).status).toBe(206);
  });

  it('answers HEAD with the headers of GET and no body', async () => {
    const variants: Record<string, string>[] = [{}, { 'accept-encoding': 'br' }, { range: 'bytes=0-3' }];
    for (const headers of variants) {
      const got = await get('/index.html', headers);
      const head = await get('/index.html', headers, 'HEAD');
      expect(head.status).toBe(got.status);
      expect(head.body.length).toBe(0);
      expect(head.headers['content-length']).toBe(got.headers['content-length']);
      expect(head.headers['content-encoding']).toBe(got.headers['content-encoding']);
    }
  });

  it('marks content-hashed files immutable and everything else no-cache', async () => {
    for (const pathname of [site.hashedArrow, site.hashedArrow.replace('.arrow', '.parquet'),
      '/_app/immutable/entry/app.4f2a9c1e.js', Object.keys(site.files).find((p) => p.startsWith('/api/prerendered_queries/'))!]) {
      expect((await get(pathname)).headers['cache-control'], pathname).toBe(IMMUTABLE);
    }
    for (const pathname of ['/', '/index.html', '/reports/2025-03/', '/data/manifest.json', '/tiny.css']) {
      expect((await get(pathname)).headers['cache-control'], pathname).toBe('no-cache');
    }
  });

  it('serves trailing-slash pages and the 404 page', async () => {
    const page = await get('/reports/2025-03/');
    expect(page.status).toBe(200);
    expect(page.body.equals(site.files['/reports/2025-03/index.html'])).toBe(true);
    const missing = await get('/reports/2099-01/');
    expect(missing.status).toBe(404);
    expect(missing.body.equals(site.files['/404.html'])).toBe(true);
  });

  it('never serves a file outside the root', async () => {
    for (const pathname of ['/../secret.txt', '/%2e%2e/secret.txt', '/..%2fsecret.txt', '/reports/../../secret.txt']) {
      const res = await get(pathname);
      expect(res.status, pathname).toBe(404);
      expect(res.body.toString()).not.toContain('outside the root');
    }
    expect(resolveFile(root, '/../secret.txt')).toBeNull();
    expect(resolveFile(root, '/%E0%A4%A')).toBeNull();
  });

  it('answers 304 to If-None-Match and If-Modified-Since, per encoding', async () => {
    const br = await get('/index.html', { 'accept-encoding': 'br' });
    const etag = br.headers.etag!;
    expect(etag).toMatch(/^".+"$/);
    const again = await get('/index.html', { 'accept-encoding': 'br', 'if-none-match': etag });
    expect(again.status).toBe(304);
    expect(again.body.length).toBe(0);
    expect(again.headers.etag).toBe(etag);
    expect(again.headers['cache-control']).toBe('no-cache');
    expect(again.headers.vary).toBe('Accept-Encoding');
    expect((await get('/index.html', { 'accept-encoding': 'br', 'if-none-match': `W/${etag}` })).status).toBe(304);
    // the identity representation has another ETag
    expect((await get('/index.html', { 'if-none-match': etag })).status).toBe(200);

    const since = await get('/index.html', { 'if-modified-since': br.headers['last-modified']! });
    expect(since.status).toBe(304);
    expect((await get('/index.html', { 'if-modified-since': 'Thu, 01 Jan 2015 00:00:00 GMT' })).status).toBe(200);
  });

  it('compresses a file again once it changed (cache keyed by size and mtime)', async () => {
    const file = path.join(root, 'changing.json');
    const first = Buffer.from(JSON.stringify({ version: 1, rows: Array(300).fill('甲') }));
    writeFileSync(file, first);
    utimesSync(file, new Date('2025-01-01'), new Date('2025-01-01'));
    expect(decoded(await get('/changing.json', { 'accept-encoding': 'gzip' })).equals(first)).toBe(true);
    const second = Buffer.from(JSON.stringify({ version: 2, rows: Array(300).fill('乙') }));
    writeFileSync(file, second);
    utimesSync(file, new Date('2025-02-01'), new Date('2025-02-01'));
    expect(decoded(await get('/changing.json', { 'accept-encoding': 'gzip' })).equals(second)).toBe(true);
  });

  it('refuses other methods', async () => {
    const res = await get('/index.html', {}, 'POST');
    expect(res.status).toBe(405);
    expect(res.headers.allow).toBe('GET, HEAD');
  });
});
