import { Injectable, NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { isBinaryUpload } from '@yiyang/http';
import { DomainError } from '@yiyang/kernel';
import { DocumentErrors, MAX_DOCUMENT_BYTES, sha256Hex } from '@yiyang/storage';

/** How much of an oversized body is read (and dropped) so that its sender still gets the 413. */
const DRAIN_AT_MOST = 4 * MAX_DOCUMENT_BYTES;

/** What the upload route finds on its request: the bytes, or why they were refused. */
export type UploadedBody = { bytes: Buffer } | { refusal: DomainError };

export const UPLOADED_BODY = Symbol('uploaded document body');
export type RequestWithUpload = Request & { [UPLOADED_BODY]?: UploadedBody };

/**
 * Reads a document upload's raw body (PDF, JPEG or PNG declared; the bytes decide) before the route
 * runs, at most 20 MB: beyond that nothing more is kept, but the rest is read to its end so the client
 * gets its 413 problem+json instead of a dropped connection. The Idempotency-Key's fingerprint sees
 * the file's SHA-256 as the body. Any other Content-Type is left to the route (415).
 */
@Injectable()
export class DocumentBodyMiddleware implements NestMiddleware {
  use(req: RequestWithUpload, _res: Response, next: NextFunction): void {
    if (!isBinaryUpload(req)) return next();
    const chunks: Buffer[] = [];
    let total = 0;
    let settled = false;
    const done = (body: UploadedBody) => {
      if (settled) return;
      settled = true;
      req[UPLOADED_BODY] = body;
      req.body = 'bytes' in body ? { sha256: sha256Hex(body.bytes) } : {};
      next();
    };
    req.on('data', (chunk: Buffer) => {
      total += chunk.length;
      if (total <= MAX_DOCUMENT_BYTES) chunks.push(chunk);
      else if (total > DRAIN_AT_MOST) req.destroy(); // not a document any more: stop reading
    });
    req.on('end', () =>
      done(total > MAX_DOCUMENT_BYTES ? { refusal: DocumentErrors.tooLarge(MAX_DOCUMENT_BYTES) } : { bytes: Buffer.concat(chunks, total) }),
    );
    req.on('error', (err) => {
      if (!settled) {
        settled = true;
        next(err);
      }
    });
  }
}
