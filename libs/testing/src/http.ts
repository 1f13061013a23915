import type { Test } from 'supertest';

/**
 * A supertest request whose answer's body is kept as the bytes sent, whatever its type: a CSV with its
 * byte-order mark (supertest would decode text and could drop it), a PDF, an attachment, or the problem
 * when it is refused.
 */
export function asBytes(req: Test): Test {
  return req.buffer(true).parse((res, done) => {
    const chunks: Buffer[] = [];
    res.on('data', (c: Buffer) => chunks.push(c));
    res.on('end', () => done(null, Buffer.concat(chunks)));
  });
}
