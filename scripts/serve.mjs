#!/usr/bin/env node
// Serves the built site (`build/`) on localhost with no download: Evidence's own `preview` runs
// `npx serve`, which fetches a package. Supports HEAD and Range requests (duckdb-wasm uses them)
// and SvelteKit's trailing-slash pages (`/reports/2025-03/` → `reports/2025-03/index.html`).
import { createServer } from 'node:http';
import { createReadStream, statSync } from 'node:fs';
import path from 'node:path';

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

/** Starts the server; resolves with its URL. */
export function serve(root, port = 0, host = '127.0.0.1') {
	root = path.resolve(root);
	const server = createServer((req, res) => {
		const file = resolveFile(root, req.url ?? '/');
		if (!file) {
			const notFound = resolveFile(root, '/404.html');
			res.writeHead(404, { 'content-type': TYPES['.html'] });
			if (notFound && req.method !== 'HEAD') createReadStream(notFound).pipe(res);
			else res.end('Not found');
			return;
		}
		const size = statSync(file).size;
		const headers = {
			'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream',
			'accept-ranges': 'bytes',
			'cache-control': 'no-cache'
		};
		const range = /^bytes=(\d*)-(\d*)$/.exec(req.headers.range ?? '');
		if (range && (range[1] || range[2])) {
			const start = range[1] ? Number(range[1]) : Math.max(0, size - Number(range[2]));
			const end = range[1] && range[2] ? Math.min(Number(range[2]), size - 1) : size - 1;
			if (start > end || start >= size) {
				res.writeHead(416, { 'content-range': `bytes */${size}` });
				res.end();
				return;
			}
			res.writeHead(206, { ...headers, 'content-range': `bytes ${start}-${end}/${size}`, 'content-length': end - start + 1 });
			if (req.method === 'HEAD') res.end();
			else createReadStream(file, { start, end }).pipe(res);
			return;
		}
		res.writeHead(200, { ...headers, 'content-length': size });
		if (req.method === 'HEAD') res.end();
		else createReadStream(file).pipe(res);
	});
	return new Promise((resolve) => {
		server.listen(port, host, () => {
			const { port: actual } = server.address();
			resolve({ url: `http://${host}:${actual}`, close: () => new Promise((r) => server.close(r)) });
		});
	});
}

if (import.meta.url === `file://${process.argv[1]}`) {
	const root = process.argv[2] ?? 'build';
	const port = Number(process.env.PORT ?? 4173);
	const { url } = await serve(root, port);
	console.log(`回款考核看板: serving ${root}/ at ${url}/  (Ctrl+C to stop)`);
}
