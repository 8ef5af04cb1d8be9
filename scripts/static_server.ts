// A small static file server on 127.0.0.1 for the playground and the browser specs.
import { createReadStream, statSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, sep } from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
};

/** What the demo server and the browser specs expose, each URL prefix at its path in the repository. */
export const DEMO_MOUNTS: Record<string, string> = {
  '/playground/': 'dist/playground',
  '/dist/browser/': 'dist/browser',
  '/spec/fixtures/': 'spec/fixtures',
};

/** A running server and how to stop it. */
export interface StaticServer {
  /** e.g. 'http://127.0.0.1:5173' (no trailing slash). */
  url: string;
  close(): Promise<void>;
}

/**
 * Serves files under `root`, limited to the URL prefixes in `mounts`
 * ({'/dist/browser/': 'dist/browser'}), on 127.0.0.1; '/' redirects to the first
 * mount. Port 0 picks a free one.
 *
 * @example
 * const server = await serveStatic(ROOT, { '/playground/': 'dist/playground' }, 0);
 * await server.close();
 */
export async function serveStatic(root: string, mounts: Record<string, string>, port: number): Promise<StaticServer> {
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://localhost').pathname);
    if (path === '/') {
      res.writeHead(302, { location: Object.keys(mounts)[0] }).end();
      return;
    }
    const file = resolveFile(root, mounts, path.endsWith('/') ? `${path}index.html` : path);
    if (file === undefined || req.method !== 'GET') {
      res.writeHead(file === undefined ? 404 : 405, { 'content-type': 'text/plain' }).end(`${file === undefined ? 'not found' : 'GET only'}: ${path}\n`);
      return;
    }
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-store' });
    createReadStream(file).pipe(res);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', resolve);
  });
  const { port: bound } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${bound}`,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

/** The file a URL path maps to, or undefined outside the mounts (no '..' escapes). */
function resolveFile(root: string, mounts: Record<string, string>, path: string): string | undefined {
  for (const [prefix, dir] of Object.entries(mounts)) {
    if (!path.startsWith(prefix)) continue;
    const base = join(root, dir).replace(/[\\/]+$/, '');
    const file = normalize(join(base, path.slice(prefix.length)));
    if (file !== base && !file.startsWith(base + sep)) return undefined;
    try {
      if (statSync(file).isFile()) return file;
    } catch {
      return undefined;
    }
  }
  return undefined;
}
