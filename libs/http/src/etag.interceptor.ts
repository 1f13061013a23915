import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import type { Response } from 'express';
import { Observable, tap } from 'rxjs';

/**
 * A single versioned resource in a response gets `ETag: "<version>"`, the value If-Match expects back,
 * and `Cache-Control: no-store`: the answer also carries what changes without a new version (an
 * agreement's renewals, the parties' names), so a browser must not keep it and revalidate it with
 * If-None-Match into a 304 of a stale copy; and what it carries is nobody's cache's business.
 */
@Injectable()
export class VersionEtagInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    return next.handle().pipe(
      tap((body) => {
        if (context.getType() !== 'http' || !body || typeof body !== 'object') return;
        const version = (body as { version?: unknown }).version;
        const res = context.switchToHttp().getResponse<Response>();
        if (typeof version !== 'number' || res.headersSent) return;
        res.setHeader('ETag', `"${version}"`);
        if (!res.getHeader('Cache-Control')) res.setHeader('Cache-Control', 'no-store');
      }),
    );
  }
}
