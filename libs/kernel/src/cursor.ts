import { ValidationError } from './domain-error';

/** Opaque list cursors: the sort key of the last item returned, as base64url JSON. */
export function encodeCursor(key: Record<string, string | number>): string {
  return Buffer.from(JSON.stringify(key), 'utf8').toString('base64url');
}

export function decodeCursor<T extends Record<string, string | number>>(cursor: string, fields: (keyof T & string)[]): T {
  const invalid = () => new ValidationError([{ field: 'cursor', message: 'is not a cursor this list returned' }]);
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalid();
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw invalid();
  const record = parsed as Record<string, unknown>;
  for (const f of fields) {
    const v = record[f];
    if (typeof v !== 'string' && typeof v !== 'number') throw invalid();
  }
  return record as T;
}
