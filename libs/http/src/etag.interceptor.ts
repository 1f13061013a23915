import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import type { Response } from 'express';
import { Observable, tap } from 'rxjs';

/** A single versioned resource in a response gets `ETag: "<version>"`, the value If-Match expects back. */
@Injectable()
export class VersionEtagInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    return next.handle().pipe(
      tap((body) => {
        if (context.getType() !== 'http' || !body || typeof body !== 'object') return;
        const version = (body as { version?: unknown }).version;
        const res = context.switchToHttp().getResponse<Response>();
        if (typeof version === 'number' && !res.headersSent) res.setHeader('ETag', `"${version}"`);
      }),
    );
  }
}
