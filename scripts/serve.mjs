#!/usr/bin/env node
// Serves the built site (`build/`) on localhost with no download: Evidence's own `preview` runs
// `npx serve`, which fetches a package. Supports HEAD and Range requests (duckdb-wasm uses them),
// SvelteKit's trailing-slash pages (`/reports/2025-03/` → `reports/2025-03/index.html`), brotli/gzip
// compression, cache headers and conditional requests (ETag/Last-Modified → 304), the way
// docs/deploy.md asks a production web server to serve the site.
import { createServer } from 'node:http';
import { createReadStream, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import zlib from 'node:zlib';

const TYPES = {
	'.html': 'text/html; charset=utf-8',
	'.js': 'text/javascript; charset=utf-8',
	'.mjs': 'text/javascript; charset=utf-8',
	'.css': 'text/css; charset=utf-8',
	'.json': 'application/json; charset=utf-8',
	'.svg': 'image/svg+xml',
	'.png': 'image/png',
	'.ico': 'image/x-icon',
	'.wasm': 'application/wasm',
	'.arrow': 'application/vnd.apache.arrow.stream',
	'.parquet': 'application/octet-stream',
	'.webmanifest': 'application/manifest+json',
	'.woff2': 'font/woff2'
};

// What is worth compressing, measured on the sample's tables and on duckdb-wasm (gzip -6 / brotli 5,
// compressed size as a share of the original):
// - `.arrow` (uncompressed Arrow IPC streams): 3–18 % on the large tables, e.g. mart_ar_metrics 32 MB
//   → 13 % / 10 %. The site's data is mostly Arrow: compress it.
// - `.wasm` (duckdb-wasm's engine, 33 MB): 23 % / 18 %: compress it.
// - `.parquet` is already ZSTD inside: 92–100 %, nothing to gain. Left alone, which also keeps a
//   HEAD's Content-Length the file's size for a client that range-reads Parquet (duckdb-wasm's
//   HTTP file system does).
// - png, ico and woff2 are compressed formats.
const COMPRESSIBLE = new Set(['.html', '.js', '.mjs', '.css', '.json', '.svg', '.webmanifest', '.arrow', '.wasm']);
/** Smaller bodies gain nothing worth a header. */
const MIN_COMPRESS_BYTES = 1024;
/** Larger files are sent as they are (a compressed copy is built in memory). */
const MAX_COMPRESS_BYTES = 256 * 1024 * 1024;
/** Bound of the compressed copies kept in memory, per server (least recently used dropped first). */
const CACHE_BYTES = 128 * 1024 * 1024;

// Brotli quality 5 (not Node's default 11): on duckdb-wasm 0.6 s for 18 %, where quality 11 takes
// about a minute for a few points more; gzip at its default level 6. Each file is compressed once
// per change (cached below), off the event loop (zlib's thread pool).
const COMPRESS = {
	br: (buf) =>
		promisify(zlib.brotliCompress)(buf, {
			params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 5, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: buf.length }
		}),
	gzip: (buf) => promisify(zlib.gzip)(buf, { level: 6 })
};

const IMMUTABLE = 'public, max-age=31536000, immutable';

/**
 * Cache-Control for a file, by its path relative to the root (posix separators): content-hashed
 * names never change their bytes, everything else (HTML, data/manifest.json, …) is revalidated.
 */
function cacheControl(rel) {
	const hashed =
		rel.startsWith('_app/immutable/') ||
		/^data\/[^/]+\/[^/]+\/[0-9a-f]{32}\/[^/]+$/.test(rel) || // data/<source>/<table>/<md5>/<table>.arrow
		/^api\/prerendered_queries\/[0-9a-f]{32}\.arrow$/.test(rel);
	return hashed ? IMMUTABLE : 'no-cache';
}

/** The encoding to answer with: br, then gzip, when Accept-Encoding allows it (q > 0); else null. */
function negotiate(acceptEncoding) {
	const q = new Map();
	for (const part of (acceptEncoding ?? '').split(',')) {
		const [token, ...params] = part.trim().toLowerCase().split(';');
		if (!token) continue;
		const qParam = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
		q.set(token, qParam ? Number(qParam.slice(2)) || 0 : 1);
	}
	const allowed = (enc) => (q.get(enc) ?? q.get('*') ?? 0) > 0;
	return ['br', 'gzip'].find(allowed) ?? null;
}

/** Does If-None-Match name this ETag (weak comparison, or `*`)? */
function etagMatches(ifNoneMatch, etag) {
	const strip = (t) => t.trim().replace(/^W\//, '');
	return ifNoneMatch.split(',').some((t) => t.trim() === '*' || strip(t) === etag);
}

/** Compressed copies of files, keyed by file and encoding, valid while size and mtime are the same. */
class CompressedCache {
	#entries = new Map();
	#bytes = 0;

	/** @returns {Promise<Buffer>} */
	get(file, stat, encoding) {
		const key = `${encoding}\0${file}`;
		const version = `${stat.size}:${stat.mtimeMs}`;
		const hit = this.#entries.get(key);
		if (hit?.version === version) {
			this.#entries.delete(key); // re-insert: Map order is the recency order
			this.#entries.set(key, hit);
			return hit.body;
		}
		if (hit) this.#drop(key);
		const entry = { version, bytes: 0, body: readFile(file).then(COMPRESS[encoding]) };
		this.#entries.set(key, entry);
		entry.body.then(
			(body) => {
				if (this.#entries.get(key) !== entry) return;
				entry.bytes = body.length;
				this.#bytes += body.length;
				for (const [k] of this.#entries) {
					if (this.#bytes <= CACHE_BYTES) break;
					this.#drop(k);
				}
			},
			() => this.#entries.get(key) === entry && this.#entries.delete(key)
		);
		return entry.body;
	}

	#drop(key) {
		this.#bytes -= this.#entries.get(key).bytes;
		this.#entries.delete(key);
	}
}

/** The content type a file is served with (by its extension). */
export function contentType(file) {
	return TYPES[path.extname(file)] ?? 'application/octet-stream';
}

/** The file a URL path names inside `root`, or null (never outside root). */
export function resolveFile(root, urlPath) {
	let rel;
	try {
		rel = decodeURIComponent(urlPath.split('?')[0]);
	} catch {
		return null;
	}
	const full = path.resolve(root, '.' + path.posix.normalize('/' + rel));
	if (full !== root && !full.startsWith(root + path.sep)) return null;
	for (const candidate of [full, path.join(full, 'index.html'), full + '.html']) {
		try {
			if (statSync(candidate).isFile()) return candidate;
		} catch {
			/* try the next form */
		}
	}
	return null;
}

/** The single byte range a Range header asks for: [start, end], 'unsatisfiable', or null (serve it all). */
function parseRange(header, size) {
	const range = /^bytes=(\d*)-(\d*)$/.exec(header ?? '');
	if (!range || !(range[1] || range[2])) return null;
	const start = range[1] ? Number(range[1]) : Math.max(0, size - Number(range[2]));
	const end = range[1] && range[2] ? Math.min(Number(range[2]), size - 1) : size - 1;
	return start > end || start >= size ? 'unsatisfiable' : [start, end];
}

/** Starts the server; resolves with its URL. */
export function serve(root, port = 0, host = '127.0.0.1') {
	root = path.resolve(root);
	const compressed = new CompressedCache();

	async function handle(req, res) {
		if (req.method !== 'GET' && req.method !== 'HEAD') {
			res.writeHead(405, { allow: 'GET, HEAD' });
			res.end();
			return;
		}
		const head = req.method === 'HEAD';
		const file = resolveFile(root, req.url ?? '/');
		if (!file) {
			const notFound = resolveFile(root, '/404.html');
			res.writeHead(404, { 'content-type': TYPES['.html'], 'cache-control': 'no-cache' });
			if (notFound && !head) createReadStream(notFound).pipe(res);
			else res.end('页面不存在');
			return;
		}
		const stat = statSync(file);
		const { size } = stat;
		const ext = path.extname(file);
		const compressible = COMPRESSIBLE.has(ext) && size >= MIN_COMPRESS_BYTES && size <= MAX_COMPRESS_BYTES;
		const lastModified = stat.mtime.toUTCString();
		const version = `"${size.toString(16)}-${Math.floor(stat.mtimeMs).toString(16)}`;
		const identityEtag = `${version}"`;
		// A range is served from the file as it is (never compressed); If-Range that names another
		// version of the file asks for all of it.
		const ifRange = req.headers['if-range'];
		const range = ifRange && ifRange !== identityEtag && ifRange !== lastModified ? null : parseRange(req.headers.range, size);
		const encoding = compressible && !range ? negotiate(req.headers['accept-encoding']) : null;
		// what a 304 repeats
		const validators = {
			'cache-control': cacheControl(path.relative(root, file).split(path.sep).join('/')),
			'last-modified': lastModified,
			etag: encoding ? `${version}-${encoding}"` : identityEtag,
			...(compressible ? { vary: 'Accept-Encoding' } : {})
		};

		const ifNoneMatch = req.headers['if-none-match'];
		const ifModifiedSince = Date.parse(req.headers['if-modified-since'] ?? '');
		const notModified = ifNoneMatch
			? etagMatches(ifNoneMatch, validators.etag)
			: Math.floor(stat.mtimeMs / 1000) <= Math.floor(ifModifiedSince / 1000);
		if (notModified) {
			res.writeHead(304, validators);
			res.end();
			return;
		}

		const headers = { 'content-type': contentType(file), 'accept-ranges': 'bytes', ...validators };
		if (range === 'unsatisfiable') {
			res.writeHead(416, { 'content-range': `bytes */${size}` });
			res.end();
			return;
		}
		if (range) {
			const [start, end] = range;
			res.writeHead(206, { ...headers, 'content-range': `bytes ${start}-${end}/${size}`, 'content-length': end - start + 1 });
			if (head) res.end();
			else createReadStream(file, { start, end }).on('error', () => res.destroy()).pipe(res);
			return;
		}
		if (encoding) {
			const body = await compressed.get(file, stat, encoding);
			res.writeHead(200, { ...headers, 'content-encoding': encoding, 'content-length': body.length });
			res.end(head ? undefined : body);
			return;
		}
		res.writeHead(200, { ...headers, 'content-length': size });
		if (head) res.end();
		else createReadStream(file).on('error', () => res.destroy()).pipe(res);
	}

	const server = createServer((req, res) => {
		handle(req, res).catch((err) => {
			if (res.headersSent) res.destroy(err);
			else {
				res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
				res.end(String(err?.message ?? err));
			}
		});
	});
	return new Promise((resolve) => {
		server.listen(port, host, () => {
			const { port: actual } = server.address();
			resolve({ url: `http://${host}:${actual}`, close: () => new Promise((r) => server.close(r)) });
		});
	});
}

if (import.meta.url === `file://${process.argv[1]}`) {
	// the last folder given wins: `npm run preview -- build-management` runs `serve.mjs build build-management`
	const root = process.argv.slice(2).at(-1) ?? 'build';
	const port = Number(process.env.PORT ?? 4173);
	const { url } = await serve(root, port);
	console.log(`回款考核看板: serving ${root}/ at ${url}/  (Ctrl+C to stop)`);
}
