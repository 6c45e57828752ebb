/**
 * Shared by the web-server tests (scripts/serve.mjs, the nginx configs in deploy/): a tiny fake built
 * site laid out like `build/`, and a raw HTTP client that returns the bytes as sent (fetch would
 * decompress them and normalise `..` out of the path).
 */
import { createHash } from 'node:crypto';
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { tableFromArrays, tableToIPC } from 'apache-arrow';

export interface RawResponse {
  status: number;
  headers: IncomingHttpHeaders;
  /** the body as sent (still compressed when content-encoding says so) */
  body: Buffer;
}

/** One request; `pathname` is sent exactly as given. An https base may have a self-signed certificate. */
export function request(
  base: string,
  pathname: string,
  { method = 'GET', headers = {} }: { method?: string; headers?: Record<string, string> } = {},
): Promise<RawResponse> {
  const { protocol, hostname, port } = new URL(base);
  const send = protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const options = { host: hostname, port, path: pathname, method, headers, agent: false, rejectUnauthorized: false };
    const req = send(options, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

/** The body with its content-encoding undone. */
export function decoded(res: RawResponse): Buffer {
  const encoding = res.headers['content-encoding'];
  if (encoding === 'gzip') return gunzipSync(res.body);
  if (encoding === 'br') return brotliDecompressSync(res.body);
  if (encoding) throw new Error(`unexpected content-encoding ${encoding}`);
  return res.body;
}

export interface FakeSite {
  /** URL path → the file's bytes */
  files: Record<string, Buffer>;
  /** URL path of the content-hashed source table (data/<source>/<table>/<md5>/<table>.arrow) */
  hashedArrow: string;
}

/** Writes a small site shaped like `build/` (pages, a hashed data table, app code) into `root`. */
export function writeFakeSite(root: string): FakeSite {
  const page = (title: string) =>
    Buffer.from(`<!doctype html><html lang="zh-CN"><head><title>${title}</title></head><body>` +
      `<p>回款考核看板 · ${title}</p>`.repeat(60) + '</body></html>');
  const months = Array.from({ length: 600 }, (_, i) => `20${23 + Math.floor(i / 200)}-${String((i % 12) + 1).padStart(2, '0')}`);
  const arrow = Buffer.from(tableToIPC(tableFromArrays({
    month: months,
    amount: Float64Array.from(months, (_, i) => (i % 37) * 1000.25),
  }), 'stream'));
  const hash = createHash('md5').update(arrow).digest('hex');
  const hashedArrow = `/data/warehouse/dim_month/${hash}/dim_month.arrow`;
  const files: Record<string, Buffer> = {
    '/index.html': page('首页'),
    '/404.html': page('页面不存在'),
    '/reports/2025-03/index.html': page('2025年3月'),
    [hashedArrow]: arrow,
    [`/api/prerendered_queries/${hash}.arrow`]: arrow,
    [`/data/warehouse/dim_month/${hash}/dim_month.parquet`]: Buffer.from('PAR1' + 'x'.repeat(2000) + 'PAR1'),
    '/data/manifest.json': Buffer.from(JSON.stringify({ renderedFiles: { warehouse: [hashedArrow.replace('.arrow', '.parquet')] } })),
    '/_app/immutable/entry/app.4f2a9c1e.js': Buffer.from('export const sum = (a, b) => a + b;\n'.repeat(80)),
    // a wasm module's header, padded: what matters is the type and that it compresses
    '/_app/immutable/assets/duckdb-eh.7c1d2e3f.wasm': Buffer.concat([Buffer.from([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0]), Buffer.alloc(4096)]),
    '/tiny.css': Buffer.from('body{margin:0}'),
  };
  for (const [urlPath, bytes] of Object.entries(files)) {
    const file = path.join(root, urlPath);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, bytes);
  }
  return { files, hashedArrow };
}
