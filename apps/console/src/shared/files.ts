/**
 * Files sent to and read from the services, by both the agreements (the signed document) and the
 * referrals (attachments): what may be sent (PDF, JPEG or PNG by their first bytes, at most 20 MB: the
 * services' own checks, made before anything is sent), its SHA-256, an upload with progress, and a
 * download that carries the bearer token (a link cannot) and saves the file under the name the
 * service gives in Content-Disposition.
 */
import { ApiProblem, networkProblem, type ProblemBody } from '../api/problem';

/** The services' limit (libs/storage MAX_DOCUMENT_BYTES). */
export const MAX_FILE_BYTES = 20 * 1024 * 1024;
export const FILE_ACCEPT = '.pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png';

export type MediaType = 'application/pdf' | 'image/jpeg' | 'image/png';
export type FileRefusal = 'empty' | 'size' | 'type' | 'unreadable';

/** The type by the file's first bytes, as the services decide it (name and declared type ignored). */
export function sniffMediaType(head: Uint8Array): MediaType | undefined {
  const starts = (...bytes: number[]) => bytes.every((b, i) => head[i] === b);
  if (starts(0x25, 0x50, 0x44, 0x46, 0x2d)) return 'application/pdf'; // %PDF-
  if (starts(0xff, 0xd8, 0xff)) return 'image/jpeg';
  if (starts(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)) return 'image/png';
  return undefined;
}

/** A file as it may be sent: its type by its bytes and its SHA-256, or why it may not. */
export type CheckedFile = { ok: true; mediaType: MediaType; sha256: string } | { ok: false; refusal: FileRefusal };

export async function checkFile(file: Blob): Promise<CheckedFile> {
  if (file.size === 0) return { ok: false, refusal: 'empty' };
  if (file.size > MAX_FILE_BYTES) return { ok: false, refusal: 'size' };
  try {
    const bytes = new Uint8Array(await file.arrayBuffer());
    const mediaType = sniffMediaType(bytes.subarray(0, 8));
    if (!mediaType) return { ok: false, refusal: 'type' };
    return { ok: true, mediaType, sha256: await sha256Hex(bytes) };
  } catch {
    return { ok: false, refusal: 'unreadable' };
  }
}

/** SHA-256 as 64 lowercase hex characters. */
export async function sha256Hex(bytes: Uint8Array | Blob): Promise<string> {
  const data = bytes instanceof Uint8Array ? bytes : new Uint8Array(await bytes.arrayBuffer());
  const digest = await crypto.subtle.digest('SHA-256', data as Uint8Array<ArrayBuffer>);
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/** 1.5 MB, 820 KB, 12 B: sizes as people read them. */
export function formatBytes(n: number): string {
  if (n >= 1024 * 1024) return `${(n / (1024 * 1024)).toFixed(1)} MB`;
  if (n >= 1024) return `${Math.round(n / 1024)} KB`;
  return `${n} B`;
}

/** The sentence for a refused file (keys in the console's messages). */
export const REFUSAL_KEYS = {
  empty: 'fileRefusedEmpty',
  size: 'fileRefusedSize',
  type: 'fileRefusedType',
  unreadable: 'fileUnreadable',
} as const satisfies Record<FileRefusal, string>;

/**
 * The name to save a download under: RFC 6266's `filename*` (UTF-8, percent-encoded: the Chinese
 * name) first, else `filename`, else the fallback.
 */
export function fileNameFromDisposition(header: string | null, fallback: string): string {
  if (!header) return fallback;
  const extended = /filename\*\s*=\s*(?:UTF-8|utf-8)''([^;]+)/.exec(header);
  if (extended) {
    try {
      return decodeURIComponent(extended[1].trim());
    } catch {
      // a malformed escape: the plain name below
    }
  }
  const plain = /filename\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^;\s]+))/.exec(header);
  const name = plain ? (plain[1] ?? plain[2]).replace(/\\(.)/g, '$1') : '';
  return name || fallback;
}

/** Who is asking: the session's token and language, and what to do on a 401. */
export interface FileCaller {
  accessToken(): string | undefined;
  language: string;
  onUnauthorized(): void;
}

const apiUrl = (path: string) => `${window.location.origin}/api${path}`;

function callerHeaders(caller: FileCaller): Record<string, string> {
  const token = caller.accessToken();
  return { 'accept-language': caller.language === 'en' ? 'en' : 'zh-CN', ...(token ? { authorization: `Bearer ${token}` } : {}) };
}

function problemOf(status: number, text: string, retryAfter: string | null): ApiProblem {
  let body: Partial<ProblemBody> | undefined;
  try {
    const parsed: unknown = text ? JSON.parse(text) : undefined;
    if (parsed && typeof parsed === 'object') body = parsed as Partial<ProblemBody>;
  } catch {
    body = undefined;
  }
  const seconds = Number(retryAfter);
  return new ApiProblem(status, body, Number.isFinite(seconds) && seconds > 0 ? seconds : undefined);
}

export interface Upload {
  /** `/<service>/v1/…`, under the console's /api/ */
  path: string;
  file: Blob;
  fileName: string;
  mediaType: MediaType;
  sha256: string;
  /** If-Match, Idempotency-Key… */
  headers: Record<string, string>;
  /** 0–100 as the bytes leave */
  onProgress?: (percent: number) => void;
}

/**
 * Sends a file as the raw body (the services take no multipart) with its SHA-256 and its name
 * (percent-encoded: headers are ASCII), reporting progress; answers the service's JSON or throws an
 * ApiProblem, as the generated clients do. XMLHttpRequest, because fetch reports no upload progress.
 */
export function uploadFile<T>(caller: FileCaller, upload: Upload): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', apiUrl(upload.path));
    const headers = {
      ...callerHeaders(caller),
      'content-type': upload.mediaType,
      'x-content-sha256': upload.sha256,
      'x-file-name': encodeURIComponent(upload.fileName),
      ...upload.headers,
    };
    for (const [name, value] of Object.entries(headers)) xhr.setRequestHeader(name, value);
    xhr.upload.addEventListener('progress', (e) => {
      if (e.lengthComputable && e.total > 0) upload.onProgress?.(Math.min(100, Math.round((e.loaded / e.total) * 100)));
    });
    xhr.addEventListener('load', () => {
      if (xhr.status === 401) caller.onUnauthorized();
      if (xhr.status >= 200 && xhr.status < 300) {
        upload.onProgress?.(100);
        try {
          resolve(JSON.parse(xhr.responseText) as T);
        } catch {
          reject(problemOf(xhr.status, '', null));
        }
        return;
      }
      reject(problemOf(xhr.status, xhr.responseText, xhr.getResponseHeader('retry-after')));
    });
    xhr.addEventListener('error', () => reject(networkProblem()));
    xhr.addEventListener('abort', () => reject(networkProblem()));
    xhr.send(upload.file);
  });
}

export interface FetchedFile {
  blob: Blob;
  fileName: string;
}

/** GETs a file with the bearer token: its bytes and the name the service gives it. */
export async function fetchFile(caller: FileCaller, path: string, fallbackName: string): Promise<FetchedFile> {
  let response: Response;
  try {
    response = await fetch(new Request(apiUrl(path), { headers: callerHeaders(caller) }));
  } catch {
    throw networkProblem();
  }
  if (response.status === 401) caller.onUnauthorized();
  if (!response.ok) throw problemOf(response.status, await response.text(), response.headers.get('retry-after'));
  return { blob: await response.blob(), fileName: fileNameFromDisposition(response.headers.get('content-disposition'), fallbackName) };
}

/** Saves a blob under a name (an object URL and a download link, released afterwards). */
export function saveBlob({ blob, fileName }: FetchedFile): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.rel = 'noopener';
  a.style.display = 'none';
  document.body.appendChild(a);
  a.click();
  a.remove();
  // the browser has started reading it by then
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** Opens a PDF in a new tab (to print it); a blocked pop-up saves it instead. */
export function openBlob(file: FetchedFile): void {
  const url = URL.createObjectURL(file.blob);
  const opened = window.open(url, '_blank');
  if (!opened) {
    URL.revokeObjectURL(url);
    saveBlob(file);
    return;
  }
  opened.opener = null;
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
