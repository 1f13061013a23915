import { Injectable, NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { runWithTrace, traceFrom, TraceContext } from '@yiyang/kernel';

/** Continues the caller's W3C trace (or starts one) for everything the request does, and echoes it back. */
@Injectable()
export class TraceMiddleware implements NestMiddleware {
  use(req: Request & { trace?: TraceContext }, res: Response, next: NextFunction): void {
    const header = req.headers['traceparent'];
    const trace = req.trace ?? traceFrom(typeof header === 'string' ? header : undefined);
    req.trace = trace;
    res.setHeader('traceparent', trace.traceparent);
    runWithTrace(trace, next);
  }
}
