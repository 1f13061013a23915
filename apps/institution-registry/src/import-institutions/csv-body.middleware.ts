import { Injectable, NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { createHash } from 'node:crypto';
import { DomainError } from '@yiyang/kernel';
import { ErrorCodes } from '../domain/error-codes';
import { IMPORT_LIMITS } from './import-rows';

/** The types a CSV file is sent as: text/csv, and what browsers and Windows label a .csv file with. */
export const CSV_TYPES = ['text/csv', 'application/csv', 'text/plain', 'application/vnd.ms-excel'];

/** How much of an oversized file is read (and dropped) so that its sender still gets the 413. */
const DRAIN_AT_MOST = 4 * IMPORT_LIMITS.bytes;

/** What the import route finds on its request: the file's bytes, or why they were refused. */
export type CsvBody = { bytes: Buffer } | { refusal: DomainError };

export const CSV_BODY = Symbol('imported CSV body');
export type RequestWithCsv = Request & { [CSV_BODY]?: CsvBody };

/**
 * Reads a bulk import's CSV body before the route runs, at most 5 MB: beyond that nothing more is kept,
 * but the rest is read to its end so that the client gets its 413 problem+json instead of a dropped
 * connection. The Idempotency-Key's fingerprint sees the file's SHA-256 as the body. A body of another
 * type is left to the route (415).
 */
@Injectable()
export class CsvBodyMiddleware implements NestMiddleware {
  use(req: RequestWithCsv, _res: Response, next: NextFunction): void {
    if (req.method !== 'POST' || !req.is(CSV_TYPES)) return next();
    const chunks: Buffer[] = [];
    let total = 0;
    let settled = false;
    const done = (body: CsvBody) => {
      if (settled) return;
      settled = true;
      req[CSV_BODY] = body;
      req.body = 'bytes' in body ? { sha256: createHash('sha256').update(body.bytes).digest('hex') } : {};
      next();
    };
    req.on('data', (chunk: Buffer) => {
      total += chunk.length;
      if (total <= IMPORT_LIMITS.bytes) chunks.push(chunk);
      else if (total > DRAIN_AT_MOST) req.destroy(); // not an import any more: stop reading
    });
    req.on('end', () =>
      done(
        total > IMPORT_LIMITS.bytes
          ? {
              refusal: new DomainError(
                ErrorCodes.IMPORT_TOO_LARGE,
                'too-large',
                `the file is larger than ${IMPORT_LIMITS.bytes / 1024 / 1024} MB; split it into several files`,
              ),
            }
          : { bytes: Buffer.concat(chunks, total) },
      ),
    );
    req.on('error', (err) => {
      if (!settled) {
        settled = true;
        next(err);
      }
    });
  }
}
