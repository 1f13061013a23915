/**
 * The services, faked for component tests: fetch (the generated clients, downloads) and
 * XMLHttpRequest (uploads, for their progress) both go to one handler, and every request is recorded
 * with its method, path, query, headers and body (JSON parsed; a file as its bytes).
 */
import { vi } from 'vitest';

export interface Recorded {
  method: string;
  path: string;
  search: URLSearchParams;
  headers: Headers;
  /** a JSON body parsed, else undefined */
  body: unknown;
  /** the raw bytes of a body that is not JSON (an uploaded file) */
  bytes?: Uint8Array;
}

export const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': status >= 400 ? 'application/problem+json' : 'application/json' },
  });

/** A problem+json answer as the services send it. */
export const problem = (status: number, code: string, detail = code, errors?: { field: string; message: string }[]) =>
  json({ type: `urn:yiyang:problem:${code.toLowerCase()}`, title: 'Refused', status, code, detail, ...(errors ? { errors } : {}) }, status);

/** A file download as the services send it: the bytes, their type and Content-Disposition (RFC 6266). */
export const download = (bytes: string, fileName: { ascii: string; utf8: string }, type = 'application/pdf') =>
  new Response(bytes, {
    status: 200,
    headers: {
      'content-type': type,
      'content-disposition': `attachment; filename="${fileName.ascii}"; filename*=UTF-8''${encodeURIComponent(fileName.utf8)}`,
    },
  });

export type Handler = (r: Recorded) => Response | undefined | Promise<Response | undefined>;

async function record(request: Request): Promise<Recorded> {
  const url = new URL(request.url);
  const isJson = (request.headers.get('content-type') ?? '').includes('json');
  const raw = request.method === 'GET' ? undefined : new Uint8Array(await request.clone().arrayBuffer());
  const text = raw && isJson ? new TextDecoder().decode(raw) : '';
  return {
    method: request.method,
    path: url.pathname,
    search: url.searchParams,
    headers: request.headers,
    body: text ? JSON.parse(text) : undefined,
    ...(raw && !isJson && raw.length ? { bytes: raw } : {}),
  };
}

/**
 * XMLHttpRequest over the same handler: open, headers, send (progress reported once the body is
 * "sent"), load with the answer's status, text and headers.
 */
function fakeXhr(answer: (request: Request) => Promise<Response>) {
  return class FakeXMLHttpRequest {
    readonly upload = new EventTarget();
    private readonly events = new EventTarget();
    private method = 'GET';
    private url = '';
    private readonly headers = new Headers();
    private answered?: Response;
    status = 0;
    responseText = '';

    open(method: string, url: string) {
      this.method = method;
      this.url = url;
    }
    setRequestHeader(name: string, value: string) {
      this.headers.set(name, value);
    }
    getResponseHeader(name: string) {
      return this.answered?.headers.get(name) ?? null;
    }
    addEventListener(type: string, listener: EventListener) {
      this.events.addEventListener(type, listener);
    }
    abort() {
      this.events.dispatchEvent(new Event('abort'));
    }
    send(body: Blob) {
      void (async () => {
        // jsdom's Blob is not the one Node's Request reads: its bytes are
        const bytes = new Uint8Array(await body.arrayBuffer());
        const request = new Request(this.url, { method: this.method, headers: this.headers, body: bytes });
        const progress = (loaded: number) =>
          Object.assign(new Event('progress'), { lengthComputable: true, loaded, total: body.size }) as Event;
        this.upload.dispatchEvent(progress(Math.floor(body.size / 2)));
        this.upload.dispatchEvent(progress(body.size));
        try {
          this.answered = await answer(request);
          this.status = this.answered.status;
          this.responseText = await this.answered.text();
          this.events.dispatchEvent(new Event('load'));
        } catch {
          this.events.dispatchEvent(new Event('error'));
        }
      })();
    }
  };
}

/**
 * Stubs fetch and XMLHttpRequest: `handle` answers a request (or returns undefined for `fallback`,
 * by default a 404 problem). Returns the requests as they arrive.
 */
export function stubApi(handle: Handler, fallback: Handler = () => problem(404, 'NOT_FOUND')): Recorded[] {
  const calls: Recorded[] = [];
  const answer = async (request: Request): Promise<Response> => {
    const r = await record(request);
    calls.push(r);
    return (await handle(r)) ?? (await fallback(r)) ?? problem(404, 'NOT_FOUND');
  };
  vi.stubGlobal('fetch', (input: Request | string, init?: RequestInit) =>
    answer(input instanceof Request ? input : new Request(input, init)),
  );
  vi.stubGlobal('XMLHttpRequest', fakeXhr(answer));
  return calls;
}

/** A file as a person would choose it: `bytes` after a real PDF, JPEG or PNG header (or none). */
export function fileOf(name: string, kind: 'pdf' | 'png' | 'jpeg' | 'text', bytes = 'content'): File {
  const head = { pdf: '%PDF-1.7\n', png: '\x89PNG\r\n\x1a\n', jpeg: '\xff\xd8\xff\xe0', text: '' }[kind];
  const type = { pdf: 'application/pdf', png: 'image/png', jpeg: 'image/jpeg', text: 'text/plain' }[kind];
  const raw = Uint8Array.from([...head].map((c) => c.charCodeAt(0)));
  return new File([raw, bytes], name, { type });
}
