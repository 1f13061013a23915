import { createPublicKey } from 'node:crypto';
import { CanActivate, ExecutionContext, Inject, Injectable, SetMetadata, createParamDecorator } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { DomainError } from '@yiyang/kernel';
import { Principal, Role } from './principal';
import { InvalidTokenError } from './tokens';
import { TokenVerifier } from './token-verifier';

export const AUTH_SETTINGS = Symbol('AUTH_SETTINGS');
export interface AuthSettings {
  publicKey: string;
  issuer: string;
}

const PUBLIC = 'yiyang:public';
const ROLES_KEY = 'yiyang:roles';

/** The route needs no token (health, metrics, docs). */
export const Public = () => SetMetadata(PUBLIC, true);
/** The route needs one of these roles (otherwise 403). */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES_KEY, roles);

export class UnauthenticatedError extends DomainError {
  constructor(detail: string) {
    super('UNAUTHENTICATED', 'unauthenticated', detail);
  }
}

export class ForbiddenError extends DomainError {
  constructor(detail: string, code = 'FORBIDDEN') {
    super(code, 'forbidden', detail);
  }
}

/** Verifies the bearer token on every HTTP route that is not @Public() and checks @Roles(). */
@Injectable()
export class AuthGuard implements CanActivate {
  private readonly tokens: TokenVerifier;

  constructor(
    private readonly reflector: Reflector,
    @Inject(AUTH_SETTINGS) private readonly settings: AuthSettings,
  ) {
    // the PEM is parsed once: parsing it on every request showed in the benchmark's profile
    this.tokens = new TokenVerifier(createPublicKey(settings.publicKey), settings.issuer);
  }

  canActivate(context: ExecutionContext): boolean {
    if (context.getType() !== 'http') return true;
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC, targets)) return true;
    const request = context.switchToHttp().getRequest<{ headers: Record<string, string | undefined>; principal?: Principal }>();
    const header = request.headers['authorization'];
    const match = header ? /^Bearer ([A-Za-z0-9\-_]+\.[A-Za-z0-9\-_]*\.[A-Za-z0-9\-_]*)$/.exec(header.trim()) : null;
    if (!match) throw new UnauthenticatedError('a bearer token is required (Authorization: Bearer <token>)');
    try {
      request.principal = this.tokens.verify(match[1]);
    } catch (err) {
      throw new UnauthenticatedError(err instanceof InvalidTokenError ? `invalid token: ${err.message}` : 'invalid token');
    }
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets);
    if (roles && !request.principal.roles.some((r) => roles.includes(r))) {
      throw new ForbiddenError(`this action needs one of the roles: ${roles.join(', ')}`, 'ROLE_NOT_ALLOWED');
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
