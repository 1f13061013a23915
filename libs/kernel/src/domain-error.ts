/**
 * What kind of refusal an error is; the HTTP edge maps each kind to one status
 * (invalid 400, unauthenticated 401, forbidden 403, not-found 404, conflict 409, too-large 413, unsupported-type 415,
 * rule 422, precondition 428, too-many 429).
 */
export type ErrorKind =
  | 'invalid'
  | 'unauthenticated'
  | 'forbidden'
  | 'not-found'
  | 'conflict'
  | 'too-large'
  | 'unsupported-type'
  | 'precondition'
  | 'rule'
  | 'too-many';

export interface FieldError {
  field: string;
  message: string;
}

/** An expected refusal with a stable machine-readable code (e.g. INSTITUTION_NOT_ACTIVE). */
export class DomainError extends Error {
  constructor(
    readonly code: string,
    readonly kind: ErrorKind,
    message: string,
    readonly errors: FieldError[] = [],
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export class NotFoundError extends DomainError {
  constructor(what: string, code = 'NOT_FOUND') {
    super(code, 'not-found', `${what} was not found`);
  }
}

export class StaleVersionError extends DomainError {
  constructor(expected: number, actual: number) {
    super('STALE_VERSION', 'conflict', `the resource is at version ${actual}, not ${expected}; read it again and retry`);
  }
}

export class InvalidTransitionError extends DomainError {
  constructor(action: string, from: string) {
    super('TRANSITION_NOT_ALLOWED', 'conflict', `cannot ${action} from status ${from}`);
  }
}

export class ValidationError extends DomainError {
  constructor(errors: FieldError[], code = 'VALIDATION_FAILED') {
    super(code, 'invalid', errors.map((e) => `${e.field}: ${e.message}`).join('; '), errors);
  }
}

/** Closes a switch over a union so that adding a member is a compile error until it is handled. */
export function assertNever(value: never): never {
  throw new Error(`unhandled value: ${String(value)}`);
}

/**
 * A fault that may pass by itself (a server the service needs is down or restarting), marked by
 * `transient: true` and a code: the HTTP edge answers 503 with Retry-After, a consumer retries.
 */
export function isTransientFault(err: unknown): err is Error & { code: string; transient: true; retryAfterSeconds?: number } {
  const e = err as { code?: unknown; transient?: unknown } | null;
  return !!e && typeof e === 'object' && e.transient === true && typeof e.code === 'string';
}
