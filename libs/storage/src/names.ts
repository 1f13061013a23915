/**
 * File names that come from uploaders: kept only as a label (objects are stored under keys the
 * platform makes), made harmless for every place they show up again — a download's
 * Content-Disposition, a saved file on someone's disk, a log line.
 */
import { DOCUMENT_EXTENSIONS, DocumentType } from './sniff';

export const FALLBACK_FILE_NAME = 'document';
/** UTF-8 bytes: most file systems allow 255; Chinese names take 3 bytes a character. */
export const MAX_FILE_NAME_BYTES = 180;

/** C0 and C1 controls, DEL, and the invisible characters that reorder or hide text (bidi overrides, zero-width, BOM). */
const INVISIBLE = /[\u0000-\u001f\u007f-\u009f\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff\ufff9-\ufffb]/g;
/** Characters Windows forbids in names (and the separators, already handled) */
const RESERVED = /[<>:"|?*]/g;
/** Device names Windows refuses as files, with any extension */
const WINDOWS_DEVICE = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])(\..*)?$/i;

/** Cuts text to at most maxBytes of UTF-8 without splitting a character. */
function cutToBytes(text: string, maxBytes: number): string {
  let bytes = 0;
  let out = '';
  for (const ch of text) {
    bytes += Buffer.byteLength(ch, 'utf8');
    if (bytes > maxBytes) break;
    out += ch;
  }
  return out;
}

/**
 * The last segment of a name (no folders: `../`, `..\\`, `C:\\`, `/etc/` go), without control and
 * invisible characters, NULs or characters Windows refuses, not starting with a dot, at most
 * MAX_FILE_NAME_BYTES of UTF-8 (the extension kept when it is cut), Chinese kept as it is;
 * 'document' when nothing is left.
 */
export function safeFileName(name: string | null | undefined, maxBytes = MAX_FILE_NAME_BYTES): string {
  let text = (name ?? '').normalize('NFC').replace(INVISIBLE, '');
  // full-width and look-alike slashes too: some tools fold them into / and \\ ("best fit" mappings)
  text = text.split(/[/\\\uff0f\uff3c\u2215\u2216\u29f5\u29f8\u29f9]/).pop() ?? '';
  text = text
    .replace(RESERVED, '_')
    .replace(/\s+/g, ' ')
    .replace(/^[\s.]+|[\s.]+$/g, '');
  if (!text || !/[\p{L}\p{N}]/u.test(text)) return FALLBACK_FILE_NAME;
  if (WINDOWS_DEVICE.test(text)) text = `_${text}`;
  if (Buffer.byteLength(text, 'utf8') > maxBytes) {
    const dot = text.lastIndexOf('.');
    const extension = dot > 0 && text.length - dot <= 10 ? text.slice(dot) : '';
    text = `${cutToBytes(text.slice(0, text.length - extension.length), maxBytes - Buffer.byteLength(extension, 'utf8')).trimEnd()}${extension}`;
  }
  return text;
}

/**
 * The name a stored document is offered under: safeFileName, with the extension of its real type
 * (sniffed from the bytes) — `合作协议.pdf` stays, `scan.html` of a PNG becomes `scan.html.png`,
 * `photo.JPEG` stays.
 */
export function fileNameFor(name: string | null | undefined, type: DocumentType): string {
  const extension = DOCUMENT_EXTENSIONS[type];
  const safe = safeFileName(name, MAX_FILE_NAME_BYTES - extension.length);
  const accepted = type === 'image/jpeg' ? ['.jpg', '.jpeg'] : [extension];
  return accepted.some((ext) => safe.toLowerCase().endsWith(ext)) ? safe : `${safe}${extension}`;
}

/** RFC 5987 attr-char: everything else is percent-encoded in filename*. */
function encodeRfc5987(text: string): string {
  return encodeURIComponent(text).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/**
 * A Content-Disposition header (RFC 6266) for a download: an ASCII filename for old clients and
 * filename*=UTF-8''… with the real (safe) name, e.g.
 * `attachment; filename="document.pdf"; filename*=UTF-8''%E5%90%88%E4%BD%9C%E5%8D%8F%E8%AE%AE.pdf`.
 */
export function contentDisposition(name: string | null | undefined, disposition: 'attachment' | 'inline' = 'attachment'): string {
  const safe = safeFileName(name);
  const dot = safe.lastIndexOf('.');
  const extension = dot > 0 ? safe.slice(dot) : '';
  let ascii = safe.replace(/[^\x20-\x7e]/g, '_').replace(/["\\%;]/g, '_');
  // a name that was all Chinese leaves only underscores: say "document" instead
  if (!/[A-Za-z0-9]/.test(ascii.slice(0, ascii.length - extension.length))) {
    ascii = `${FALLBACK_FILE_NAME}${/^\.[A-Za-z0-9]{1,9}$/.test(extension) ? extension : ''}`;
  }
  return `${disposition}; filename="${ascii}"; filename*=UTF-8''${encodeRfc5987(safe)}`;
}
