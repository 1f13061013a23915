import { DocumentErrors } from './errors';

/** 20 MB: the most a document upload may be. */
export const MAX_DOCUMENT_BYTES = 20 * 1024 * 1024;

/**
 * Reads a stream (an upload's body, a multipart file part) into one Buffer, refusing it
 * (DOCUMENT_TOO_LARGE) as soon as more than maxBytes arrived: the rest is never buffered, and the
 * stream is destroyed so the sender stops.
 */
export async function readLimited(
  stream: AsyncIterable<Uint8Array | string> & { destroy?: (error?: Error) => void },
  maxBytes: number = MAX_DOCUMENT_BYTES,
): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of stream) {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    total += bytes.length;
    if (total > maxBytes) {
      const refusal = DocumentErrors.tooLarge(maxBytes);
      stream.destroy?.();
      throw refusal;
    }
    chunks.push(bytes);
  }
  return Buffer.concat(chunks, total);
}
