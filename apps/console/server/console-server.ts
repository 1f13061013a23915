/**
 * The console's one origin: the built console, /config.json, and /api/<service>/… to the services.
 * The browser talks to this server only, so there is no CORS and one URL to open.
 *
 *   const console = await startConsoleServer();            // options from the environment
 *   console.url  // http://127.0.0.1:8080
 *   await console.close();
 */
import { existsSync } from 'node:fs';
import http, { IncomingMessage, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { createApiProxy, sendProblem } from './api-proxy';
import { ConsoleClientConfig, ConsoleServerOptions, consoleOptionsFromEnv, mapTileSource } from './settings';
import { createStaticFiles } from './static-files';

export interface RunningConsole {
  url: string;
  port: number;
  server: http.Server;
  close(): Promise<void>;
}

/**
 * What a page from this origin may do: scripts and styles from here (antd writes its styles into
 * <style> elements, hence 'unsafe-inline' for styles only), calls to here and to the identity provider,
 * and the provider in a hidden frame (silent renewal); images from here and, when a map is configured,
 * from its tile server only.
 */
export function securityHeaders(client: ConsoleClientConfig): Record<string, string> {
  const issuer = new URL(client.oidc.authority).origin;
  return {
    'content-security-policy': [
      "default-src 'self'",
      "script-src 'self'",
      "style-src 'self' 'unsafe-inline'",
      `img-src 'self' data:${client.map ? ` ${mapTileSource(client.map)}` : ''}`,
      "font-src 'self' data:",
      `connect-src 'self' ${issuer}`,
      `frame-src 'self' ${issuer}`,
      "frame-ancestors 'self'",
      "base-uri 'self'",
      "form-action 'self' " + issuer,
      "object-src 'none'",
    ].join('; '),
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'same-origin',
  };
}

/** The request handler alone (tests and other servers can mount it). */
export function consoleHandler(options: ConsoleServerOptions): (req: IncomingMessage, res: ServerResponse) => void {
  const proxy = createApiProxy(options.apis, options.log);
  const headers = securityHeaders(options.client);
  const files = createStaticFiles(options.assetsDir, headers);
  const config = JSON.stringify(options.client);
  const built = () => existsSync(join(options.assetsDir, 'index.html'));

  return (req, res) => {
    if (proxy(req, res)) return;
    const path = (req.url ?? '/').split('?')[0];
    if (path === '/config.json') {
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
      res.end(config);
      return;
    }
    if (path === '/health/live') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ status: 'ok', built: built() }));
      return;
    }
    files(req, res)
      .then((served) => {
        if (served) return;
        if (!built()) {
          res.writeHead(503, { 'content-type': 'text/plain; charset=utf-8' });
          res.end('The console is not built: run `npm run console:build`.\n控制台尚未构建：请运行 npm run console:build。\n');
          return;
        }
        res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8', 'x-content-type-options': 'nosniff' });
        res.end('Not found\n');
      })
      .catch((err: Error) => {
        options.log(`serving ${path} failed: ${err.message}`);
        sendProblem(res, 500, 'INTERNAL', 'the console server could not read its files');
      });
  };
}

/** Starts the console server; options default to the environment (see settings.ts). Port 0 picks a free port. */
export async function startConsoleServer(overrides: Partial<ConsoleServerOptions> = {}): Promise<RunningConsole> {
  const options: ConsoleServerOptions = { ...consoleOptionsFromEnv(), ...overrides };
  const server = http.createServer(consoleHandler(options));
  // a stream stays open for as long as the browser keeps it: no request or idle time-out on this side
  server.requestTimeout = 0;
  server.headersTimeout = 60_000;
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const host = options.host === '0.0.0.0' || options.host === '::' ? '127.0.0.1' : options.host;
  const url = `http://${host}:${port}`;
  options.log(
    `console on ${url} (assets ${options.assetsDir}; APIs ${Object.entries(options.apis)
      .map(([n, u]) => `${n}→${u}`)
      .join(', ')})`,
  );
  return {
    url,
    port,
    server,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
