/**
 * The nginx configs of docs/deploy.md (deploy/nginx/), run in a real nginx: each template with its
 * @…@ values filled in and its `listen` lines moved to free loopback ports, a tiny fake site, a
 * self-signed certificate, htpasswd files made with `openssl passwd -apr1`, and a stand-in for
 * oauth2-proxy. nginx runs in the foreground from a temp prefix and is stopped after the tests.
 * nginx (with Debian's brotli filter module) and openssl are required: `.ci/run` installs them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer as createHttpServer, type Server } from 'node:http';
import { createServer as createNetServer, connect } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { decoded, request, writeFakeSite, type FakeSite } from '../helpers/http.js';

const DEPLOY = path.resolve(__dirname, '../../deploy/nginx');
const INSTALL_HINT = 'run `.ci/run` (it installs what is missing) or `apt-get install -y --no-install-recommends ' +
  'nginx libnginx-mod-http-brotli-filter openssl`';

/** An executable on PATH or in the sbin folders (nginx is /usr/sbin/nginx, often not on a user's PATH). */
function findTool(name: string): string | null {
  const dirs = [...(process.env.PATH ?? '').split(':'), '/usr/sbin', '/usr/local/sbin', '/sbin'];
  return dirs.filter((dir) => dir.startsWith('/')).map((dir) => path.join(dir, name)).find((p) => existsSync(p)) ?? null;
}

const BROTLI_MODULE = ['/usr/lib/nginx/modules', '/usr/share/nginx/modules', '/usr/local/nginx/modules']
  .map((dir) => path.join(dir, 'ngx_http_brotli_filter_module.so'))
  .find((p) => existsSync(p));

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createNetServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });
}

function htpasswdLine(user: string, password: string, openssl: string): string {
  return `${user}:${execFileSync(openssl, ['passwd', '-apr1', password], { encoding: 'utf8' }).trim()}\n`;
}

const basic = (user: string, password: string) => ({ authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}` });

interface Deployed {
  template: string;
  /** https://127.0.0.1:<port> */
  url: string;
  /** the plain-http port that redirects to https */
  redirectPort: number;
  site: FakeSite;
}

describe('deploy/nginx: the production configs in a real nginx', () => {
  let tmp: string;
  let nginxBin: string;
  let conf: string;
  let nginx: ChildProcess | undefined;
  let nginxLog = '';
  let oauth2: Server | undefined;
  const deployed: Record<string, Deployed> = {};

  beforeAll(async () => {
    const found = findTool('nginx');
    const openssl = findTool('openssl');
    if (!found) throw new Error(`nginx is not installed (not on PATH nor in /usr/sbin): ${INSTALL_HINT}`);
    if (!openssl) throw new Error(`openssl is not installed (it makes the test's htpasswd and certificate): ${INSTALL_HINT}`);
    if (!BROTLI_MODULE) throw new Error(`nginx's brotli module (ngx_http_brotli_filter_module.so) is missing: ${INSTALL_HINT}`);
    nginxBin = found;

    tmp = mkdtempSync(path.join(tmpdir(), 'nginx-test-'));
    const confDir = path.join(tmp, 'conf');
    mkdirSync(path.join(confDir, 'snippets'), { recursive: true });
    mkdirSync(path.join(confDir, 'sites'));
    copyFileSync('/etc/nginx/mime.types', path.join(confDir, 'mime.types'));
    for (const f of readdirSync(path.join(DEPLOY, 'snippets'))) copyFileSync(path.join(DEPLOY, 'snippets', f), path.join(confDir, 'snippets', f));

    execFileSync(openssl, ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '2',
      '-subj', '/CN=localhost', '-keyout', path.join(tmp, 'key.pem'), '-out', path.join(tmp, 'cert.pem')], { stdio: 'pipe' });
    writeFileSync(path.join(tmp, 'site.htpasswd'), htpasswdLine('sales', 'sales-pass', openssl));
    writeFileSync(path.join(tmp, 'management.htpasswd'), htpasswdLine('hr', 'hr-pass', openssl));

    // the stand-in for oauth2-proxy: a session cookie names the user's group
    oauth2 = createHttpServer((req, res) => {
      const group = /_oauth2_proxy=(\w+)/.exec(req.headers.cookie ?? '')?.[1];
      if (req.url?.startsWith('/oauth2/auth')) res.writeHead(!group ? 401 : ['management', 'hr', 'finance'].includes(group) ? 202 : 403);
      else res.writeHead(200, { 'content-type': 'text/plain' });
      res.end(req.url?.startsWith('/oauth2/sign_in') ? 'oauth2-proxy sign-in' : undefined);
    });
    await new Promise<void>((resolve) => oauth2!.listen(0, '127.0.0.1', resolve));
    const oauth2Url = `http://127.0.0.1:${(oauth2.address() as { port: number }).port}`;

    for (const [name, htpasswd] of [['site', 'site.htpasswd'], ['management', 'management.htpasswd'], ['management-sso', '']]) {
      const root = path.join(tmp, 'sites', name);
      const [port, redirectPort] = [await freePort(), await freePort()];
      const template = readFileSync(path.join(DEPLOY, `${name}.conf`), 'utf8');
      const filled = template
        .replaceAll('@SERVER_NAME@', 'localhost')
        .replaceAll('@ROOT@', root)
        .replaceAll('@HTPASSWD@', path.join(tmp, htpasswd))
        .replaceAll('@TLS_CERT@', path.join(tmp, 'cert.pem'))
        .replaceAll('@TLS_KEY@', path.join(tmp, 'key.pem'))
        .replaceAll('@OAUTH2_PROXY@', oauth2Url)
        .replace(/^(\s*)listen 443 ssl;$/m, `$1listen 127.0.0.1:${port} ssl;`)
        .replace(/^(\s*)listen 80;$/m, `$1listen 127.0.0.1:${redirectPort};`);
      expect(filled, `${name}.conf: every @…@ value filled, both listen lines moved`).not.toMatch(/@[A-Z0-9_]+@|listen (80|443)\b/);
      writeFileSync(path.join(confDir, 'sites', `${name}.conf`), filled);
      deployed[name] = { template: name, url: `https://127.0.0.1:${port}`, redirectPort, site: writeFakeSite(root) };
    }

    const temp = (what: string) => `${what}_temp_path ${path.join(tmp, 'temp', what)};`;
    mkdirSync(path.join(tmp, 'temp'));
    conf = path.join(confDir, 'nginx.conf');
    writeFileSync(conf, [
      `load_module ${BROTLI_MODULE};`,
      // as root the workers would switch to `nobody`, who cannot read the 0700 temp folder
      process.getuid?.() === 0 ? 'user root;' : '',
      'worker_processes 1;',
      `error_log ${path.join(tmp, 'error.log')} warn;`,
      'events { worker_connections 64; }',
      'http {',
      '  access_log off;',
      '  default_type application/octet-stream;',
      `  ${['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map(temp).join('\n  ')}`,
      '  include sites/*.conf;',
      '}',
    ].join('\n'));

    const check = spawnSync(nginxBin, ['-t', '-p', tmp, '-e', 'stderr', '-c', conf], { encoding: 'utf8' });
    expect(check.status, `nginx -t:\n${check.stderr}`).toBe(0);
    expect(check.stderr).toContain('test is successful');
    expect(check.stderr, 'nginx -t warns').not.toContain('[warn]');

    nginx = spawn(nginxBin, ['-p', tmp, '-e', 'stderr', '-c', conf, '-g', `daemon off; pid ${path.join(tmp, 'nginx.pid')};`], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    nginx.stderr!.on('data', (chunk) => (nginxLog += chunk));
    const ports = Object.values(deployed).map((d) => Number(new URL(d.url).port));
    for (let waited = 0; !(await Promise.all(ports.map(portOpen))).every(Boolean); waited += 50) {
      if (nginx.exitCode !== null || waited > 10_000) throw new Error(`nginx did not start (exit ${nginx.exitCode}):\n${nginxLog}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  });

  afterAll(async () => {
    if (nginx && nginx.exitCode === null) {
      const exited = new Promise((r) => nginx!.once('exit', r));
      nginx.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
      if (nginx.exitCode === null) nginx.kill('SIGKILL');
    }
    await new Promise((r) => (oauth2 ? oauth2.close(r) : r(undefined)));
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  describe.each([
    { name: 'site', title: 'site.conf', user: basic('sales', 'sales-pass'), other: basic('hr', 'hr-pass') },
    { name: 'management', title: 'management.conf', user: basic('hr', 'hr-pass'), other: basic('sales', 'sales-pass') },
  ])('$title (basic authentication)', ({ name, user, other }) => {
    const get = (pathname: string, headers: Record<string, string> = {}) => request(deployed[name].url, pathname, { headers });

    it('asks for a login: 401 without credentials, with a wrong password, with the other site\'s user', async () => {
      for (const headers of [{}, basic(name === 'site' ? 'sales' : 'hr', 'wrong'), other]) {
        const res = await get('/', headers);
        expect(res.status).toBe(401);
        expect(res.headers['www-authenticate']).toMatch(/^Basic realm=/);
      }
      expect((await get(deployed[name].site.hashedArrow)).status).toBe(401);
    });

    it('serves the pages to the right user, trailing-slash pages too, and the 404 page', async () => {
      const { files } = deployed[name].site;
      const home = await get('/', user);
      expect(home.status).toBe(200);
      expect(home.body.equals(files['/index.html'])).toBe(true);
      expect(home.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(home.headers['cache-control']).toBe('no-cache');
      const report = await get('/reports/2025-03/', user);
      expect(report.status).toBe(200);
      expect(report.body.equals(files['/reports/2025-03/index.html'])).toBe(true);
      const missing = await get('/reports/2099-01/', user);
      expect(missing.status).toBe(404);
      expect(missing.body.equals(files['/404.html'])).toBe(true);
    });

    it('compresses HTML, Arrow and wasm with gzip or brotli, and never Parquet', async () => {
      const { files, hashedArrow } = deployed[name].site;
      for (const pathname of ['/index.html', hashedArrow, '/_app/immutable/assets/duckdb-eh.7c1d2e3f.wasm']) {
        const gzip = await get(pathname, { ...user, 'accept-encoding': 'gzip' });
        expect(gzip.headers['content-encoding'], pathname).toBe('gzip');
        expect(gzip.headers.vary).toBe('Accept-Encoding');
        expect(decoded(gzip).equals(files[pathname])).toBe(true);
        const br = await get(pathname, { ...user, 'accept-encoding': 'gzip, deflate, br' });
        expect(br.headers['content-encoding'], pathname).toBe('br');
        expect(decoded(br).equals(files[pathname])).toBe(true);
      }
      const parquet = await get(hashedArrow.replace('.arrow', '.parquet'), { ...user, 'accept-encoding': 'gzip, br' });
      expect(parquet.headers['content-encoding']).toBeUndefined();
    });

    it('sends the Arrow, wasm and Parquet content types', async () => {
      const { hashedArrow } = deployed[name].site;
      expect((await get(hashedArrow, user)).headers['content-type']).toBe('application/vnd.apache.arrow.stream');
      expect((await get('/_app/immutable/assets/duckdb-eh.7c1d2e3f.wasm', user)).headers['content-type']).toBe('application/wasm');
      expect((await get(hashedArrow.replace('.arrow', '.parquet'), user)).headers['content-type']).toBe('application/octet-stream');
    });

    it('marks content-hashed files immutable (private: they sit behind a login)', async () => {
      const { files, hashedArrow } = deployed[name].site;
      const prerendered = Object.keys(files).find((p) => p.startsWith('/api/prerendered_queries/'))!;
      for (const pathname of [hashedArrow, prerendered, '/_app/immutable/entry/app.4f2a9c1e.js']) {
        expect((await get(pathname, user)).headers['cache-control'], pathname).toBe('private, max-age=31536000, immutable');
      }
      expect((await get('/data/manifest.json', user)).headers['cache-control']).toBe('no-cache');
    });

    it('answers Range requests with 206 and the bytes asked for', async () => {
      const { files, hashedArrow } = deployed[name].site;
      const pathname = hashedArrow.replace('.arrow', '.parquet');
      const res = await get(pathname, { ...user, range: 'bytes=0-3' });
      expect(res.status).toBe(206);
      expect(res.headers['content-range']).toBe(`bytes 0-3/${files[pathname].length}`);
      expect(res.body.toString()).toBe('PAR1');
      const arrow = await get(hashedArrow, { ...user, range: 'bytes=8-15' });
      expect(arrow.status).toBe(206);
      expect(arrow.body.equals(files[hashedArrow].subarray(8, 16))).toBe(true);
    });

    it('answers HEAD with the headers of GET and no body', async () => {
      for (const headers of [user, { ...user, 'accept-encoding': 'br' }]) {
        const got = await get('/', headers);
        const head = await request(deployed[name].url, '/', { method: 'HEAD', headers });
        expect(head.status).toBe(200);
        expect(head.body.length).toBe(0);
        for (const h of ['content-type', 'content-encoding', 'cache-control']) expect(head.headers[h], h).toBe(got.headers[h]);
      }
    });

    it('redirects plain http to https', async () => {
      const res = await request(`http://127.0.0.1:${deployed[name].redirectPort}`, '/reports/2025-03/');
      expect(res.status).toBe(301);
      expect(res.headers.location).toBe('https://127.0.0.1/reports/2025-03/');
    });
  });

  describe('management-sso.conf (oauth2-proxy with auth_request)', () => {
    const get = (pathname: string, group?: string) =>
      request(deployed['management-sso'].url, pathname, { headers: group ? { cookie: `_oauth2_proxy=${group}` } : {} });

    it('sends a browser without a session to the sign-in', async () => {
      const res = await get('/reports/2025-03/');
      expect(res.status).toBe(302);
      expect(res.headers.location).toMatch(/\/oauth2\/sign_in\?rd=https:\/\/127\.0\.0\.1\/reports\/2025-03\/$/);
      const signIn = await get('/oauth2/sign_in?rd=/');
      expect(signIn.status).toBe(200);
      expect(signIn.body.toString()).toBe('oauth2-proxy sign-in');
    });

    it('refuses a signed-in user outside management, HR and finance', async () => {
      expect((await get('/', 'sales')).status).toBe(403);
      expect((await get(deployed['management-sso'].site.hashedArrow, 'sales')).status).toBe(403);
    });

    it('serves the site to management, HR and finance', async () => {
      const { files, hashedArrow } = deployed['management-sso'].site;
      for (const group of ['management', 'hr', 'finance']) {
        const page = await get('/reports/2025-03/', group);
        expect(page.status).toBe(200);
        expect(page.body.equals(files['/reports/2025-03/index.html'])).toBe(true);
      }
      const arrow = await get(hashedArrow, 'finance');
      expect(arrow.headers['content-type']).toBe('application/vnd.apache.arrow.stream');
      expect(arrow.headers['cache-control']).toBe('private, max-age=31536000, immutable');
    });
  });
});

describe('docs/deploy.md', () => {
  it('shows the deploy/ files as they are', () => {
    const doc = readFileSync(path.resolve(__dirname, '../../docs/deploy.md'), 'utf8');
    for (const file of ['nginx/site.conf', 'nginx/management.conf', 'nginx/management-sso.conf', 'nginx/snippets/scorecard-static.conf',
      'nginx/snippets/scorecard-brotli.conf', 'oauth2-proxy/management.cfg']) {
      const text = readFileSync(path.resolve(__dirname, '../../deploy', file), 'utf8');
      expect(doc.includes('\n' + text.trimEnd() + '\n```'), `docs/deploy.md quotes deploy/${file} verbatim`).toBe(true);
    }
  });
});
