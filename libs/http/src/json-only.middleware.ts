import { Injectable, NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { problemType, sendProblem } from './problem.filter';

/** A request body must be JSON: anything else is a 415, not a confusing list of missing fields. */
@Injectable()
export class JsonOnlyMiddleware implements NestMiddleware {
  use(req: Request, res: Response, next: NextFunction): void {
    const hasBody = Number(req.headers['content-length'] ?? 0) > 0 || req.headers['transfer-encoding'] !== undefined;
    if (hasBody && !req.is(['application/json', 'application/*+json'])) {
      sendProblem(res, {
        type: problemType('UNSUPPORTED_MEDIA_TYPE'),
        title: 'Unsupported Media Type',
        status: 415,
        detail: 'send the request body as application/json',
        code: 'UNSUPPORTED_MEDIA_TYPE',
      });
      return;
    }
    if (hasBody && (typeof req.body !== 'object' || req.body === null || Array.isArray(req.body))) {
      sendProblem(res, {
        type: problemType('MALFORMED_REQUEST'),
        title: 'Bad Request',
        status: 400,
        detail: 'the request body must be a JSON object',
        code: 'MALFORMED_REQUEST',
      });
      return;
    }
    next();
  }
}
