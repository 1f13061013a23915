import { ExecutionContext, createParamDecorator } from '@nestjs/common';
import { DomainError, ValidationError, VersionedErrorCodes } from '@yiyang/kernel';

/** Parses `If-Match: "3"` (or W/"3", or 3) into the version the client last read. */
export function parseIfMatch(header: string | undefined): number {
  if (header === undefined || header.trim() === '') {
    throw new DomainError(
      VersionedErrorCodes.IF_MATCH_REQUIRED,
      'precondition',
      'this change needs an If-Match header with the version you last read',
    );
  }
  const m = /^(?:W\/)?"?(\d{1,9})"?$/.exec(header.trim());
  if (!m || Number(m[1]) < 1) throw new ValidationError([{ field: 'If-Match', message: 'must be the resource version, e.g. "3"' }]);
  return Number(m[1]);
}

export const IfMatchVersion = createParamDecorator((_: unknown, ctx: ExecutionContext): number => {
  const req = ctx.switchToHttp().getRequest<{ headers: Record<string, string | undefined> }>();
  return parseIfMatch(req.headers['if-match']);
});
