import {
  CanActivate,
  ExecutionContext,
  Inject,
  Injectable,
  Logger,
  OnModuleInit,
  ServiceUnavailableException,
  SetMetadata,
  createParamDecorator,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { DomainError, EdgeErrorCodes } from '@yiyang/kernel';
import { InvalidTokenError, KeysUnavailableError } from './errors';
import { Principal, Role } from './principal';
import { AUTH_SETTINGS, AuthSettings } from './settings';
import { TokenVerifier } from './token-verifier';

const PUBLIC = 'yiyang:public';
const ROLES_KEY = 'yiyang:roles';

/** The route needs no token (health, metrics, docs). */
export const Public = () => SetMetadata(PUBLIC, true);
/** The route needs one of these roles (otherwise 403). */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES_KEY, roles);

export class UnauthenticatedError extends DomainError {
  constructor(detail: string) {
    super(EdgeErrorCodes.UNAUTHENTICATED, 'unauthenticated', detail);
  }
}

export class ForbiddenError extends DomainError {
  constructor(detail: string, code = 'FORBIDDEN') {
    super(code, 'forbidden', detail);
  }
}

/**
 * Verifies the bearer token on every HTTP route that is not @Public() and checks @Roles(). An invalid
 * token is 401; a token that cannot be checked because the issuer's keys cannot be fetched is 503 with
 * Retry-After (the caller did nothing wrong and should retry, not log in again).
 */
@Injectable()
export class AuthGuard implements CanActivate, OnModuleInit {
  private readonly log = new Logger('auth');
  private readonly tokens: TokenVerifier;

  constructor(
    private readonly reflector: Reflector,
    @Inject(AUTH_SETTINGS) settings: AuthSettings,
  ) {
    this.tokens = new TokenVerifier({ ...settings, onKeysFailure: (message) => this.log.warn(message) });
  }

  onModuleInit(): void {
    // the issuer's keys are fetched in the background; a provider that is down delays nothing
    void this.tokens.warm();
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC, targets)) return true;
    const request = context.switchToHttp().getRequest<{ headers: Record<string, string | undefined>; principal?: Principal }>();
    const header = request.headers['authorization'];
    const match = header ? /^Bearer ([A-Za-z0-9\-_]+\.[A-Za-z0-9\-_]*\.[A-Za-z0-9\-_]*)$/.exec(header.trim()) : null;
    if (!match) throw new UnauthenticatedError('a bearer token is required (Authorization: Bearer <token>)');
    try {
      request.principal = await this.tokens.verify(match[1]);
    } catch (err) {
      if (err instanceof KeysUnavailableError) {
        throw new ServiceUnavailableException(
          "the identity provider's signing keys cannot be fetched right now, so the token cannot be checked; retry shortly",
          { cause: err },
        );
      }
      throw new UnauthenticatedError(err instanceof InvalidTokenError ? `invalid token: ${err.message}` : 'invalid token');
    }
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets);
    if (roles && !request.principal.roles.some((r) => roles.includes(r))) {
      throw new ForbiddenError(`this action needs one of the roles: ${roles.join(', ')}`, EdgeErrorCodes.ROLE_NOT_ALLOWED);
    }
    return true;
  }
}

/** The verified caller of this request. */
export const CurrentPrincipal = createParamDecorator((_: unknown, ctx: ExecutionContext): Principal => {
  const principal = ctx.switchToHttp().getRequest<{ principal?: Principal }>().principal;
  if (!principal) throw new UnauthenticatedError('a bearer token is required');
  return principal;
});
