/**
 * The built console: hashed files under /assets/ are cached for a year (their name changes with their
 * content), everything else is revalidated; text is sent brotli- or gzip-compressed (compressed once,
 * kept in memory); a path that is no file is a client route and gets index.html.
 */
import { createHash } from 'node:crypto';
import { promises as fs, Stats } from 'node:fs';
import { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';
import { brotliCompressSync, constants as zlib, gzipSync } from 'node:zlib';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
};
const COMPRESSIBLE = new Set(['.html', '.js', '.mjs', '.css', '.json', '.svg', '.txt', '.map']);
const HASHED = /^\/assets\//;

interface Entry {
  body: Buffer;
  br?: Buffer;
  gzip?: Buffer;
  etag: string;
  mtimeMs: number;
}

export function createStaticFiles(assetsDir: string, securityHeaders: Record<string, string>) {
  const root = normalize(assetsDir + sep);
  const cache = new Map<string, Entry>();

  async function load(file: string, stat: Stats): Promise<Entry> {
    const known = cache.get(file);
    if (known && known.mtimeMs === stat.mtimeMs) return known;
    const body = await fs.readFile(file);
    const entry: Entry = { body, etag: `"${createHash('sha1').update(body).digest('base64url').slice(0, 20)}"`, mtimeMs: stat.mtimeMs };
    if (COMPRESSIBLE.has(extname(file)) && body.length > 512) {
      entry.br = brotliCompressSync(body, { params: { [zlib.BROTLI_PARAM_QUALITY]: 9, [zlib.BROTLI_PARAM_SIZE_HINT]: body.length } });
      entry.gzip = gzipSync(body, { level: 9 });
    }
    cache.set(file, entry);
    return entry;
  }

  async function fileFor(pathname: string): Promise<{ file: string; stat: Stats } | undefined> {
    const file = normalize(join(root, pathname));
    if (!file.startsWith(root)) return undefined;
    try {
      const stat = await fs.stat(file);
      return stat.isFile() ? { file, stat } : undefined;
    } catch {
      return undefined;
    }
  }

  async function send(req: IncomingMessage, res: ServerResponse, file: string, stat: Stats, pathname: string): Promise<void> {
    const entry = await load(file, stat);
    const ext = extname(file);
    const headers: Record<string, string | number> = {
      ...securityHeaders,
      'content-type': TYPES[ext] ?? 'application/octet-stream',
      'cache-control': HASHED.test(pathname) ? 'public, max-age=31536000, immutable' : 'no-cache',
      etag: entry.etag,
    };
    if (entry.br) headers.vary = 'accept-encoding';
    if (req.headers['if-none-match'] === entry.etag) {
      res.writeHead(304, headers);
      res.end();
      return;
    }
    const accepts = String(req.headers['accept-encoding'] ?? '');
    let body = entry.body;
    if (entry.br && /\bbr\b/.test(accepts)) {
      body = entry.br;
      headers['content-encoding'] = 'br';
    } else if (entry.gzip && /\bgzip\b/.test(accepts)) {
      body = entry.gzip;
      headers['content-encoding'] = 'gzip';
    }
    headers['content-length'] = body.length;
    res.writeHead(200, headers);
    res.end(req.method === 'HEAD' ? undefined : body);
  }

  /** Answers GET and HEAD for files and client routes; false when the request is not for it. */
  return async function serve(req: IncomingMessage, res: ServerResponse): Promise<boolean> {
    if (req.method !== 'GET' && req.method !== 'HEAD') return false;
    let pathname: string;
    try {
      pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://console').pathname);
    } catch {
      return false;
    }
    if (pathname.includes('\0')) return false;
    const found = pathname.endsWith('/') ? undefined : await fileFor(pathname);
    if (found) {
      await send(req, res, found.file, found.stat, pathname);
      return true;
    }
    // a missing asset is a 404, not a page (a stale tab asking for an old chunk must fail, not get HTML)
    if (HASHED.test(pathname) || extname(pathname) !== '') return false;
    const index = await fileFor('/index.html');
    if (!index) return false;
    await send(req, res, index.file, index.stat, '/index.html');
    return true;
  };
}
