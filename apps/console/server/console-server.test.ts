/** The one-origin server against a real upstream (a small node:http server) and a built-looking folder. */
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import http, { IncomingMessage } from 'node:http';
import { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { securityHeaders, startConsoleServer, type RunningConsole } from './console-server';
import { consoleOptionsFromEnv, mapTileSource, mapTilesFromEnv } from './settings';

interface Seen {
  method?: string;
  url?: string;
  headers: IncomingMessage['headers'];
  body: string;
}

let upstream: http.Server;
let upstreamUrl: string;
let consoleServer: RunningConsole;
let assets: string;
const seen: Seen[] = [];
let releaseStream: (() => void) | undefined;
let streamClosedByClient: Promise<void>;
let markStreamClosed: () => void;

beforeAll(async () => {
  streamClosedByClient = new Promise((resolve) => (markStreamClosed = resolve));
  upstream = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      seen.push({ method: req.method, url: req.url, headers: req.headers, body });
      if (req.url === '/v1/stream') {
        res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
        res.write('id: 1\nevent: notification\ndata: {"id":"1"}\n\n');
        releaseStream = () => res.write('id: 2\nevent: notification\ndata: {"id":"2"}\n\n');
        res.on('close', () => markStreamClosed());
        return;
      }
      res.writeHead(201, { 'content-type': 'application/json', etag: '"1"', connection: 'keep-alive' });
      res.end(JSON.stringify({ ok: true }));
    });
  });
  await new Promise<void>((r) => upstream.listen(0, '127.0.0.1', r));
  upstreamUrl = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`;

  assets = mkdtempSync(join(tmpdir(), 'console-assets-'));
  mkdirSync(join(assets, 'assets'));
  writeFileSync(
    join(assets, 'index.html'),
    `<!doctype html><html><body><div id="root"></div>${'<!-- padding -->'.repeat(100)}</body></html>`,
  );
  writeFileSync(join(assets, 'assets', 'index-abc123.js'), `console.log(${JSON.stringify('x'.repeat(2000))});`);
  writeFileSync(join(assets, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');

  consoleServer = await startConsoleServer({
    ...consoleOptionsFromEnv({}),
    port: 0,
    assetsDir: assets,
    apis: { registry: upstreamUrl, notification: upstreamUrl, contract: 'http://127.0.0.1:1' },
  });
});

afterAll(async () => {
  await consoleServer.close();
  await new Promise<void>((r) => upstream.close(() => r()));
  rmSync(assets, { recursive: true, force: true });
});

describe('the API proxy', () => {
  it('forwards method, path, query, body and the Authorization header, and answers what the service answers', async () => {
    const res = await fetch(`${consoleServer.url}/api/registry/v1/institutions?category=MEDICAL&limit=5`, {
      method: 'POST',
      headers: { authorization: 'Bearer abc.def.ghi', 'content-type': 'application/json', 'idempotency-key': 'k1' },
      body: JSON.stringify({ name: '颐养院' }),
    });
    expect(res.status).toBe(201);
    expect(res.headers.get('etag')).toBe('"1"');
    expect(await res.json()).toEqual({ ok: true });
    const request = seen.at(-1)!;
    expect(request).toMatchObject({
      method: 'POST',
      url: '/v1/institutions?category=MEDICAL&limit=5',
      body: JSON.stringify({ name: '颐养院' }),
    });
    expect(request.headers.authorization).toBe('Bearer abc.def.ghi');
    expect(request.headers['idempotency-key']).toBe('k1');
    expect(request.headers.host).toBe(new URL(upstreamUrl).host);
    expect(request.headers['x-forwarded-host']).toBe(new URL(consoleServer.url).host);
  });

  it('streams Server-Sent Events as they come, without waiting for the response to end', async () => {
    const abort = new AbortController();
    const res = await fetch(`${consoleServer.url}/api/notification/v1/stream`, {
      headers: { authorization: 'Bearer t' },
      signal: abort.signal,
    });
    expect(res.headers.get('content-type')).toBe('text/event-stream');
    const reader = res.body!.getReader();
    const decoder = new TextDecoder();
    let text = '';
    while (!text.includes('data: {"id":"1"}')) text += decoder.decode((await reader.read()).value);
    releaseStream!();
    while (!text.includes('data: {"id":"2"}')) text += decoder.decode((await reader.read()).value);
    expect(text).toContain('id: 2\nevent: notification');
    abort.abort();
    // the browser leaving closes the upstream stream too
    await streamClosedByClient;
  });

  it('answers an unknown service with a 404 problem and a silent one with a 503 problem', async () => {
    const unknown = await fetch(`${consoleServer.url}/api/nothing/v1/x`);
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get('content-type')).toBe('application/problem+json');
    expect(await unknown.json()).toMatchObject({ status: 404, code: 'UNKNOWN_SERVICE' });
    const down = await fetch(`${consoleServer.url}/api/contract/v1/agreements`);
    expect(down.status).toBe(503);
    expect(await down.json()).toMatchObject({ status: 503, code: 'SERVICE_UNAVAILABLE' });
  });

  it('reaches only the API and the health probes: metrics and API docs stay inside', async () => {
    const before = seen.length;
    for (const path of ['/api/registry/metrics', '/api/registry/docs-json', '/api/registry/', '/api/registry/v1x/institutions']) {
      const res = await fetch(`${consoleServer.url}${path}`);
      expect(res.status).toBe(404);
      expect(await res.json()).toMatchObject({ status: 404, code: 'NOT_FOUND' });
    }
    expect(seen.length).toBe(before);
    const health = await fetch(`${consoleServer.url}/api/registry/health/live`);
    expect(health.status).toBe(201);
    expect(seen.at(-1)!.url).toBe('/health/live');
  });
});

describe('the built console', () => {
  it('serves hashed assets for a year, compressed when the browser accepts it', async () => {
    const res = await fetch(`${consoleServer.url}/assets/index-abc123.js`, { headers: { 'accept-encoding': 'br, gzip' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(res.headers.get('content-type')).toContain('text/javascript');
    expect(res.headers.get('content-encoding')).toBe('br');
    expect((await res.text()).startsWith('console.log(')).toBe(true);
  });

  it('revalidates index.html (ETag, 304) and sends it for client routes, with a content security policy', async () => {
    const page = await fetch(`${consoleServer.url}/register?category=MEDICAL`);
    expect(page.status).toBe(200);
    expect(page.headers.get('cache-control')).toBe('no-cache');
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(page.headers.get('content-security-policy')).toContain("connect-src 'self' http://127.0.0.1:8180");
    expect(await page.text()).toContain('<div id="root">');
    const again = await fetch(`${consoleServer.url}/inbox`, { headers: { 'if-none-match': page.headers.get('etag')! } });
    expect(again.status).toBe(304);
  });

  it('answers a missing asset with a 404, never with the page, and never serves outside its folder', async () => {
    expect((await fetch(`${consoleServer.url}/assets/old-chunk.js`)).status).toBe(404);
    expect((await fetch(`${consoleServer.url}/missing.png`)).status).toBe(404);
    const escape = await fetch(`${consoleServer.url}/..%2f..%2fpackage.json`);
    expect(escape.status).toBe(404);
  });

  it('tells the browser its identity provider in /config.json', async () => {
    const res = await fetch(`${consoleServer.url}/config.json`);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(await res.json()).toEqual({
      oidc: { authority: 'http://127.0.0.1:8180/realms/yiyang', clientId: 'yiyang-console', scope: 'openid profile' },
    });
  });
});

describe('settings from the environment', () => {
  it('defaults to the local ports and takes URLs and ports from the environment', () => {
    const options = consoleOptionsFromEnv({
      CONTRACT_PORT: '4002',
      CONSOLE_REFERRAL_URL: 'https://referral.example.cn/base/',
      OIDC_ISSUER: 'https://id.example.cn/realms/x',
      CONSOLE_PORT: '9000',
    });
    expect(options.apis).toEqual({
      registry: 'http://127.0.0.1:3001',
      contract: 'http://127.0.0.1:4002',
      referral: 'https://referral.example.cn/base',
      notification: 'http://127.0.0.1:3004',
    });
    expect(options.port).toBe(9000);
    expect(options.client.oidc.authority).toBe('https://id.example.cn/realms/x');
  });

  it('refuses a malformed setting with a sentence that names it', () => {
    expect(() => consoleOptionsFromEnv({ CONSOLE_REGISTRY_URL: 'not a url' })).toThrow('CONSOLE_REGISTRY_URL is not a URL');
    expect(() => consoleOptionsFromEnv({ CONSOLE_PORT: '80000' })).toThrow('CONSOLE_PORT is not a port');
  });
});

describe('map tiles from the environment', () => {
  const OSM = {
    CONSOLE_MAP_TILES: 'https://{s}.tile.openstreetmap.org/{z}/{x}/{y}.png',
    CONSOLE_MAP_ATTRIBUTION: '© OpenStreetMap contributors',
  };

  it('unset: no map in /config.json and no tile server in the content security policy', () => {
    const { client } = consoleOptionsFromEnv({});
    expect(client.map).toBeUndefined();
    expect('map' in client).toBe(false);
    expect(securityHeaders(client)['content-security-policy']).toContain("img-src 'self' data:;");
    expect(mapTilesFromEnv({ CONSOLE_MAP_TILES: '  ', CONSOLE_MAP_ATTRIBUTION: '' })).toBeUndefined();
  });

  it('a template and its attribution go to the browser, and only its origin may serve images', () => {
    const { client } = consoleOptionsFromEnv({
      CONSOLE_MAP_TILES: ' http://127.0.0.1:9090/tiles/{z}/{x}/{y}.png ',
      CONSOLE_MAP_ATTRIBUTION: '© 本地瓦片 审图号：GS(2024)0000号',
    });
    expect(client.map).toEqual({ tiles: 'http://127.0.0.1:9090/tiles/{z}/{x}/{y}.png', attribution: '© 本地瓦片 审图号：GS(2024)0000号' });
    expect(securityHeaders(client)['content-security-policy']).toContain("img-src 'self' data: http://127.0.0.1:9090;");
  });

  it('{s} in the first label of the host: subdomains (abc unless given) and a wildcard source', () => {
    expect(mapTilesFromEnv(OSM)).toEqual({
      ...{ tiles: OSM.CONSOLE_MAP_TILES, attribution: OSM.CONSOLE_MAP_ATTRIBUTION },
      subdomains: 'abc',
    });
    const tianditu = mapTilesFromEnv({
      CONSOLE_MAP_TILES:
        'https://t{s}.tianditu.gov.cn/vec_w/wmts?SERVICE=WMTS&REQUEST=GetTile&TILEMATRIX={z}&TILEROW={y}&TILECOL={x}&tk=key',
      CONSOLE_MAP_SUBDOMAINS: '01234567',
      CONSOLE_MAP_ATTRIBUTION: '天地图 审图号：GS(2024)0650号',
    })!;
    expect(tianditu.subdomains).toBe('01234567');
    expect(mapTileSource(tianditu)).toBe('https://*.tianditu.gov.cn');
    expect(mapTileSource(mapTilesFromEnv(OSM)!)).toBe('https://*.tile.openstreetmap.org');
    expect(mapTileSource({ tiles: 'HTTPS://Tiles.Example.cn:8443/{z}/{x}/{y}{r}.png', attribution: 'x' })).toBe(
      'https://tiles.example.cn:8443',
    );
  });

  it('refuses a malformed map setting with a sentence that names it', () => {
    const refused = (env: NodeJS.ProcessEnv) => () => consoleOptionsFromEnv(env);
    const attribution = { CONSOLE_MAP_ATTRIBUTION: '© x' };
    expect(refused({ CONSOLE_MAP_TILES: 'ftp://tiles.example.cn/{z}/{x}/{y}.png', ...attribution })).toThrow(
      'CONSOLE_MAP_TILES must be an http(s) URL template',
    );
    expect(refused({ CONSOLE_MAP_TILES: 'javascript:alert(1)//{z}/{x}/{y}', ...attribution })).toThrow(
      'CONSOLE_MAP_TILES must be an http(s)',
    );
    expect(refused({ CONSOLE_MAP_TILES: 'tiles/{z}/{x}/{y}.png', ...attribution })).toThrow('CONSOLE_MAP_TILES is not a URL template');
    expect(refused({ CONSOLE_MAP_TILES: 'https://tiles.example.cn/{z}/{x}.png', ...attribution })).toThrow(
      'CONSOLE_MAP_TILES must contain {z}, {x} and {y}',
    );
    expect(refused({ CONSOLE_MAP_TILES: 'https://tiles.example.cn/{z}/{x}/{y}.png?key={apikey}', ...attribution })).toThrow(
      'CONSOLE_MAP_TILES has an unknown placeholder {apikey}',
    );
    expect(refused({ CONSOLE_MAP_TILES: 'https://user:secret@tiles.example.cn/{z}/{x}/{y}.png', ...attribution })).toThrow(
      'CONSOLE_MAP_TILES must not carry a user name or password',
    );
    expect(refused({ CONSOLE_MAP_TILES: 'https://tiles.{s}.example.cn/{z}/{x}/{y}.png', ...attribution })).toThrow(
      'CONSOLE_MAP_TILES may have {s} only in the first label',
    );
    expect(refused({ CONSOLE_MAP_TILES: 'https://{s}.cn/{z}/{x}/{y}.png', ...attribution })).toThrow(
      'may have {s} only in the first label',
    );
    expect(refused({ CONSOLE_MAP_TILES: 'https://tiles.example.cn/{s}/{z}/{x}/{y}.png', ...attribution })).toThrow(
      'CONSOLE_MAP_TILES may have {s} only in the host',
    );
    expect(refused({ CONSOLE_MAP_TILES: 'https://tiles.example.cn/{z}/{x}/{y}.png' })).toThrow(
      'CONSOLE_MAP_TILES needs CONSOLE_MAP_ATTRIBUTION',
    );
    expect(refused({ CONSOLE_MAP_TILES: 'https://tiles.example.cn/{z}/{x}/{y}.png', CONSOLE_MAP_ATTRIBUTION: 'a\nb' })).toThrow(
      'CONSOLE_MAP_ATTRIBUTION must be one line',
    );
    expect(refused({ CONSOLE_MAP_ATTRIBUTION: '© x' })).toThrow('CONSOLE_MAP_ATTRIBUTION is set but CONSOLE_MAP_TILES is not');
    expect(refused({ ...OSM, CONSOLE_MAP_SUBDOMAINS: 'a,b' })).toThrow('CONSOLE_MAP_SUBDOMAINS must be letters or digits');
    expect(
      refused({ CONSOLE_MAP_TILES: 'https://tiles.example.cn/{z}/{x}/{y}.png', CONSOLE_MAP_SUBDOMAINS: 'abc', ...attribution }),
    ).toThrow('CONSOLE_MAP_SUBDOMAINS is set but CONSOLE_MAP_TILES has no {s}');
  });
});
