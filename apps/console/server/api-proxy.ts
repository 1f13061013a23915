/**
 * /api/<service>/<path> → <service base URL>/<path>: method, headers (Authorization included) and body
 * pass through; the answer is streamed back as it comes (Server-Sent Events reach the browser event by
 * event, never buffered). Used by the console server and by the Vite dev server alike.
 */
import http, { IncomingMessage, ServerResponse } from 'node:http';
import https from 'node:https';

/** Headers that describe one connection, not the message (RFC 9110 §7.6.1): never forwarded. */
const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-authenticate',
  'proxy-authorization',
  'proxy-connection',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
]);

/** What a browser may reach of a service through the one origin: its API (/v1/…) and its health (/health/…). */
const PUBLIC_PATH = /^\/(v1|health)(\/|$)/;

const agents = { http: new http.Agent({ keepAlive: true }), https: new https.Agent({ keepAlive: true }) };

export function sendProblem(res: ServerResponse, status: number, code: string, detail: string): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const body = JSON.stringify({ type: `urn:yiyang:problem:${code}`, title: http.STATUS_CODES[status] ?? 'Error', status, detail, code });
  res.writeHead(status, {
    'content-type': 'application/problem+json',
    'cache-control': 'no-store',
    'content-length': Buffer.byteLength(body),
  });
  res.end(body);
}

function forwardedHeaders(req: IncomingMessage, target: URL): http.OutgoingHttpHeaders {
  const headers: http.OutgoingHttpHeaders = {};
  const connectionTokens = new Set(
    String(req.headers.connection ?? '')
      .split(',')
      .map((t) => t.trim().toLowerCase()),
  );
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined || HOP_BY_HOP.has(name) || connectionTokens.has(name) || name === 'host') continue;
    headers[name] = value;
  }
  headers.host = target.host;
  const forwardedFor = req.headers['x-forwarded-for'];
  headers['x-forwarded-for'] = [forwardedFor, req.socket.remoteAddress].filter(Boolean).join(', ');
  headers['x-forwarded-host'] = req.headers.host ?? '';
  headers['x-forwarded-proto'] = (req.socket as { encrypted?: boolean }).encrypted ? 'https' : 'http';
  return headers;
}

function responseHeaders(upstream: IncomingMessage): http.OutgoingHttpHeaders {
  const headers: http.OutgoingHttpHeaders = {};
  for (const [name, value] of Object.entries(upstream.headers)) {
    if (value !== undefined && !HOP_BY_HOP.has(name)) headers[name] = value;
  }
  return headers;
}

/**
 * Returns a handler that answers requests under /api/ (true) and leaves every other request alone
 * (false). An unknown service or a path outside /v1/ and /health/ (metrics, API docs) is a 404, a
 * service that does not answer a 503, both problem+json.
 */
export function createApiProxy(apis: Record<string, string>, log: (line: string) => void = () => undefined) {
  const targets = new Map(Object.entries(apis).map(([name, base]) => [name, new URL(base.endsWith('/') ? base : `${base}/`)]));

  return function proxy(req: IncomingMessage, res: ServerResponse): boolean {
    const url = req.url ?? '/';
    const match = /^\/api\/([a-z][a-z0-9-]*)(\/[^?#]*)?(\?[^#]*)?$/.exec(url);
    if (!url.startsWith('/api/') && url !== '/api') return false;
    const base = match ? targets.get(match[1]) : undefined;
    if (!match || !base) {
      sendProblem(res, 404, 'UNKNOWN_SERVICE', `no service answers at ${url.split('?')[0]}`);
      return true;
    }
    // the public API and the health probes only: /metrics, /docs and the rest stay inside the cluster
    if (!PUBLIC_PATH.test(match[2] ?? '/')) {
      sendProblem(res, 404, 'NOT_FOUND', `no such route: ${url.split('?')[0]}`);
      return true;
    }
    const path = `${base.pathname.replace(/\/$/, '')}${match[2] ?? '/'}${match[3] ?? ''}`;
    const client = base.protocol === 'https:' ? https : http;
    const upstream = client.request(
      {
        protocol: base.protocol,
        hostname: base.hostname,
        port: base.port,
        method: req.method,
        path,
        headers: forwardedHeaders(req, base),
        agent: base.protocol === 'https:' ? agents.https : agents.http,
      },
      (answer) => {
        const headers = responseHeaders(answer);
        res.writeHead(answer.statusCode ?? 502, answer.statusMessage, headers);
        if (String(answer.headers['content-type'] ?? '').startsWith('text/event-stream')) {
          // every event goes out as soon as it arrives
          res.socket?.setNoDelay(true);
          res.flushHeaders();
        }
        answer.pipe(res);
        answer.on('error', () => res.destroy());
      },
    );
    upstream.on('error', (err: NodeJS.ErrnoException) => {
      if (res.writableEnded || res.destroyed) return;
      log(`${match[1]} did not answer ${req.method} ${path}: ${err.code ?? err.message}`);
      sendProblem(res, 503, 'SERVICE_UNAVAILABLE', `the ${match[1]} service is not answering; try again shortly`);
    });
    // the browser went away (a closed stream, a cancelled request): so does the upstream request
    res.on('close', () => {
      if (!res.writableFinished) upstream.destroy();
    });
    req.pipe(upstream);
    return true;
  };
}
