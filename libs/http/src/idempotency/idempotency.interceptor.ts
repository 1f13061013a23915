import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Request, Response } from 'express';
import { createHash } from 'node:crypto';
import { Observable, catchError, from, mergeMap, of, throwError } from 'rxjs';
import { runInIdempotencyScope } from './idempotency-scope';
import { DataSource, IsNull } from 'typeorm';
import { DomainError, EdgeErrorCodes, ValidationError } from '@yiyang/kernel';
import { isDuplicateKeyError } from '@yiyang/database';
import { IdempotencyRecord } from './idempotency.entity';

const KEY = /^[\x21-\x7e]{1,200}$/;
/** an in-progress record older than this belongs to a request that died: a retry may take it over */
const ABANDONED_AFTER_MS = 60_000;
const REPLAYED_HEADERS = ['etag', 'location'];

/**
 * `Idempotency-Key` on POST: the first response (status, body, ETag, Location) is stored per caller and
 * key; a retry with the same body gets it again and creates nothing; the same key with another body
 * or path is refused (422); a retry while the first is still running gets 409.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const req = context.switchToHttp().getRequest<Request & { principal?: { sub: string } }>();
    const res = context.switchToHttp().getResponse<Response>();
    const key = req.headers['idempotency-key'];
    if (req.method !== 'POST' || key === undefined) return next.handle();
    if (typeof key !== 'string' || !KEY.test(key)) {
      return throwError(() => new ValidationError([{ field: 'Idempotency-Key', message: 'must be 1 to 200 visible ASCII characters' }]));
    }
    const principal = req.principal?.sub ?? 'anonymous';
    const path = req.originalUrl.slice(0, 500);
    // a raw body (a document's bytes) is hashed as it is, not through a JSON string several times its size
    const body: unknown = req.body;
    const requestHash = createHash('sha256')
      .update(Buffer.isBuffer(body) ? body : JSON.stringify(body ?? null))
      .digest('hex');
    const repo = this.dataSource.getRepository(IdempotencyRecord);

    return from(this.claim(principal, key, path, requestHash)).pipe(
      mergeMap((replay) => {
        if (replay) {
          res.status(replay.statusCode ?? 200);
          for (const [h, v] of Object.entries(replay.responseHeaders ?? {})) res.setHeader(h, v);
          res.setHeader('Idempotent-Replayed', 'true');
          return of(replay.responseBody === null ? undefined : JSON.parse(replay.responseBody));
        }
        // the handler runs in the key's scope: the unit of work marks the record in the change's own transaction
        const handled = new Observable<unknown>((subscriber) =>
          runInIdempotencyScope({ principal, key }, () => next.handle().subscribe(subscriber)),
        );
        return handled.pipe(
          mergeMap((body) => {
            const headers: Record<string, string> = {};
            for (const h of REPLAYED_HEADERS) {
              const v = res.getHeader(h);
              if (v !== undefined) headers[h] = String(v);
            }
            return from(
              repo.update(
                { principal, key },
                { statusCode: res.statusCode, responseBody: body === undefined ? null : JSON.stringify(body), responseHeaders: headers },
              ),
            ).pipe(mergeMap(() => of(body)));
          }),
          catchError((err: unknown) =>
            from(repo.delete({ principal, key }).catch(() => undefined)).pipe(mergeMap(() => throwError(() => err))),
          ),
        );
      }),
    );
  }

  /** Takes the key for this request, or returns the stored response to replay. */
  private async claim(principal: string, key: string, path: string, requestHash: string): Promise<IdempotencyRecord | null> {
    const repo = this.dataSource.getRepository(IdempotencyRecord);
    try {
      await repo.insert({
        principal,
        key,
        path,
        requestHash,
        statusCode: null,
        responseBody: null,
        responseHeaders: null,
        createdAt: new Date(),
        committedResource: null,
      });
      return null;
    } catch (err) {
      if (!isDuplicateKeyError(err)) throw err;
    }
    const existing = await repo.findOneBy({ principal, key });
    if (!existing) return this.claim(principal, key, path, requestHash);
    if (existing.requestHash !== requestHash || existing.path !== path) {
      throw new DomainError(EdgeErrorCodes.IDEMPOTENCY_KEY_REUSED, 'rule', 'this Idempotency-Key was already used for a different request');
    }
    if (existing.statusCode !== null) return existing;
    if (existing.committedResource) {
      // applied, but the process died before storing its response: say so rather than apply it twice
      const id = existing.committedResource.split('/').pop() ?? null;
      return Object.assign(new IdempotencyRecord(), existing, {
        statusCode: 200,
        responseBody: JSON.stringify({
          id,
          resource: existing.committedResource,
          detail: 'this request was applied; its response was lost: read the resource',
        }),
        responseHeaders: { location: existing.committedResource },
      });
    }
    if (Date.now() - existing.createdAt.getTime() < ABANDONED_AFTER_MS) {
      throw new DomainError(
        EdgeErrorCodes.IDEMPOTENCY_IN_PROGRESS,
        'conflict',
        'a request with this Idempotency-Key is still being processed; retry shortly',
      );
    }
    const taken = await repo.update({ principal, key, createdAt: existing.createdAt, statusCode: IsNull() }, { createdAt: new Date() });
    if (!taken.affected)
      throw new DomainError(
        EdgeErrorCodes.IDEMPOTENCY_IN_PROGRESS,
        'conflict',
        'a request with this Idempotency-Key is being processed; retry shortly',
      );
    return null;
  }
}
