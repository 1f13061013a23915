import { ArgumentsHost, Catch, ExceptionFilter, HttpException } from '@nestjs/common';
import type { Response } from 'express';
import { DomainError, EdgeErrorCodes, ErrorKind, FieldError, assertNever, currentTrace, isTransientFault } from '@yiyang/kernel';
import { isTransientDbError } from '@yiyang/database';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  errors?: FieldError[];
  traceId?: string;
}

function statusOf(kind: ErrorKind): number {
  switch (kind) {
    case 'invalid':
      return 400;
    case 'unauthenticated':
      return 401;
    case 'forbidden':
      return 403;
    case 'not-found':
      return 404;
    case 'conflict':
      return 409;
    case 'too-large':
      return 413;
    case 'unsupported-type':
      return 415;
    case 'rule':
      return 422;
    case 'precondition':
      return 428;
    case 'too-many':
      return 429;
    default:
      return assertNever(kind);
  }
}

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  406: 'Not Acceptable',
  409: 'Conflict',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  428: 'Precondition Required',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

const codeFromStatus = (status: number) => (TITLES[status] ?? 'Error').toUpperCase().replace(/[^A-Z]+/g, '_');
/** A message of unknown type as text: a string as it is, nothing as the fallback, anything else as JSON. */
const text = (v: unknown, fallback: string): string =>
  typeof v === 'string' ? v : v === undefined || v === null ? fallback : JSON.stringify(v);

export function problemType(code: string): string {
  return `urn:yiyang:problem:${code.toLowerCase().replace(/_/g, '-')}`;
}

/** Maps any error to RFC 9457 problem+json; a client's mistake is never a 5xx, an unexpected fault never leaks details. */
export function toProblem(error: unknown): Problem {
  if (error instanceof DomainError) {
    const status = statusOf(error.kind);
    return {
      type: problemType(error.code),
      title: TITLES[status],
      status,
      detail: error.message,
      code: error.code,
      ...(error.errors.length ? { errors: error.errors } : {}),
    };
  }
  if (error instanceof HttpException) {
    const status = error.getStatus();
    const body = error.getResponse();
    const message = typeof body === 'string' ? body : ((body as { message?: unknown }).message ?? error.message);
    let detail = Array.isArray(message) ? message.join('; ') : text(message, '');
    let code = codeFromStatus(status);
    // Nest turns body-parser's SyntaxError (malformed JSON, a forbidden key) into a plain 400
    if (status === 400 && !(error instanceof DomainError)) {
      code = EdgeErrorCodes.MALFORMED_REQUEST;
      detail = `the request body could not be read as JSON: ${detail.slice(0, 200)}`;
    }
    return { type: problemType(code), title: TITLES[status] ?? 'Error', status, detail, code };
  }
  // body-parser and similar connect-style errors carry a client status and a type
  const e = error as { status?: unknown; statusCode?: unknown; type?: unknown; expose?: unknown; message?: unknown };
  const status = typeof e?.status === 'number' ? e.status : typeof e?.statusCode === 'number' ? e.statusCode : 500;
  if (status >= 400 && status < 500) {
    const code =
      e.type === 'entity.parse.failed'
        ? EdgeErrorCodes.MALFORMED_JSON
        : e.type === 'entity.too.large'
          ? EdgeErrorCodes.BODY_TOO_LARGE
          : codeFromStatus(status);
    const detail =
      e.type === 'entity.parse.failed'
        ? `the request body is not valid JSON (${text(e.message, '').slice(0, 200)})`
        : e.type === 'entity.too.large'
          ? 'the request body is larger than this service accepts'
          : text(e.message, 'bad request');
    return { type: problemType(code), title: TITLES[status] ?? 'Error', status, detail, code };
  }
  // a server the service needs (the object store, the identity provider) is down: the error says which
  if (isTransientFault(error)) {
    return { type: problemType(error.code), title: TITLES[503], status: 503, detail: error.message, code: error.code };
  }
  if (isTransientDbError(error)) {
    return {
      type: problemType(EdgeErrorCodes.TEMPORARILY_UNAVAILABLE),
      title: TITLES[503],
      status: 503,
      detail: 'the database is not reachable right now; nothing was changed, retry shortly',
      code: EdgeErrorCodes.TEMPORARILY_UNAVAILABLE,
    };
  }
  return {
    type: problemType(EdgeErrorCodes.INTERNAL),
    title: TITLES[500],
    status: 500,
    detail: 'an unexpected error occurred; it has been logged',
    code: EdgeErrorCodes.INTERNAL,
  };
}

export function sendProblem(res: Response, problem: Problem): void {
  if (problem.status === 503) res.setHeader('Retry-After', '5');
  res
    .status(problem.status)
    .type(PROBLEM_CONTENT_TYPE)
    .send(JSON.stringify({ ...problem, traceId: currentTrace()?.traceId }));
}

@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  constructor(private readonly logError: (err: unknown) => void = () => undefined) {}

  catch(error: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') throw error;
    const res = host.switchToHttp().getResponse<Response>();
    const problem = toProblem(error);
    if (problem.status >= 500) this.logError(error);
    if (res.headersSent) return;
    sendProblem(res, problem);
  }
}
