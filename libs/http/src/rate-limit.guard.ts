import { ExecutionContext, Injectable } from '@nestjs/common';
import { ThrottlerGuard } from '@nestjs/throttler';
import { DomainError, EdgeErrorCodes } from '@yiyang/kernel';

const READS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Rate limiting of writes per caller (the token's subject; the address for unauthenticated calls),
 * on top of @nestjs/throttler: reads are not limited; a caller over the limit gets 429 problem+json
 * with `Retry-After` (seconds). It runs after the auth guard, which has put the principal on the request.
 * The counts are per replica (in memory): with N replicas a caller gets at most N × the limit.
 */
@Injectable()
export class WriteRateLimitGuard extends ThrottlerGuard {
  protected override async shouldSkip(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    return READS.has(context.switchToHttp().getRequest<{ method: string }>().method);
  }

  protected override async getTracker(req: Record<string, unknown>): Promise<string> {
    const principal = req.principal as { sub?: string } | undefined;
    return principal?.sub ? `sub:${principal.sub}` : `ip:${typeof req.ip === 'string' ? req.ip : 'unknown'}`;
  }

  protected override async throwThrottlingException(): Promise<void> {
    throw new DomainError(
      EdgeErrorCodes.RATE_LIMITED,
      'too-many',
      'too many changes from this caller; wait for the time in Retry-After and try again',
    );
  }
}

/**
 * Rendering a PDF costs like a change, so a route under this guard counts each GET against the caller's
 * rate limit (RATE_LIMIT_WRITES per RATE_LIMIT_WINDOW_MS, per caller and per route, as WriteRateLimitGuard
 * counts writes): over it, 429 problem+json RATE_LIMITED with Retry-After.
 */
@Injectable()
export class RenderRateLimitGuard extends WriteRateLimitGuard {
  protected override async shouldSkip(context: ExecutionContext): Promise<boolean> {
    return context.getType() !== 'http';
  }

  protected override async throwThrottlingException(): Promise<void> {
    throw new DomainError(
      EdgeErrorCodes.RATE_LIMITED,
      'too-many',
      'too many printed forms from this caller; wait for the time in Retry-After and try again',
    );
  }
}
