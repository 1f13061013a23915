import { Injectable, NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { EdgeErrorCodes } from '@yiyang/kernel';
import { problemType, sendProblem } from './problem.filter';

/** The document types a binary upload may declare (the service still decides the type from the bytes). */
export const BINARY_UPLOAD_TYPES = ['application/pdf', 'image/jpeg', 'image/png'];

/** Upload routes: a POST to a collection of documents or attachments (`…/documents`, `…/attachments`). */
const BINARY_UPLOAD_PATH = /\/(documents|attachments)\/?$/;

/** The types a CSV file is sent as (text/csv, and what browsers and Windows label a .csv with). */
export const CSV_UPLOAD_TYPES = ['text/csv', 'application/csv', 'text/plain', 'application/vnd.ms-excel'];

/** Bulk imports: a POST to a collection's `imports` (`/v1/institutions/imports`) with the CSV file as its body. */
const CSV_IMPORT_PATH = /\/imports\/?$/;

/**
 * Whether a request is a file upload, whose body is the file itself (not JSON): a POST to an upload
 * route declaring a PDF, JPEG or PNG body, or to an import route declaring CSV. The route reads and
 * checks the bytes itself.
 */
export function isBinaryUpload(req: Pick<Request, 'method' | 'originalUrl' | 'url' | 'is'>): boolean {
  if (req.method !== 'POST') return false;
  const path = (req.originalUrl || req.url).split('?')[0];
  if (CSV_IMPORT_PATH.test(path)) return !!req.is(CSV_UPLOAD_TYPES);
  return BINARY_UPLOAD_PATH.test(path) && !!req.is(BINARY_UPLOAD_TYPES);
}

/**
 * A request body must be JSON: anything else is a 415, not a confusing list of missing fields. Document
 * uploads (`isBinaryUpload`) are the one exception.
 */
@Injectable()
export class JsonOnlyMiddleware implements NestMiddleware {
  use(req: Request, res: Response, next: NextFunction): void {
    if (isBinaryUpload(req)) return next();
    const hasBody = Number(req.headers['content-length'] ?? 0) > 0 || req.headers['transfer-encoding'] !== undefined;
    if (hasBody && !req.is(['application/json', 'application/*+json'])) {
      sendProblem(res, {
        type: problemType(EdgeErrorCodes.UNSUPPORTED_MEDIA_TYPE),
        title: 'Unsupported Media Type',
        status: 415,
        detail: 'send the request body as application/json',
        code: EdgeErrorCodes.UNSUPPORTED_MEDIA_TYPE,
      });
      return;
    }
    if (hasBody && (typeof req.body !== 'object' || req.body === null || Array.isArray(req.body))) {
      sendProblem(res, {
        type: problemType(EdgeErrorCodes.MALFORMED_REQUEST),
        title: 'Bad Request',
        status: 400,
        detail: 'the request body must be a JSON object',
        code: EdgeErrorCodes.MALFORMED_REQUEST,
      });
      return;
    }
    next();
  }
}
