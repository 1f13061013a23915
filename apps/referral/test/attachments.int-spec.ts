import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { ManualClock } from '@yiyang/kernel';
import { MAX_DOCUMENT_BYTES } from '@yiyang/storage';
import { bearer, query, residentId } from '@yiyang/testing';
import { rawObjectPath } from '../../../deploy/local/s3proxy';
import { jpeg, pdf, png, zip } from '../../../libs/storage/test/documents';
import { AttachmentVault } from '../src/shared/attachment-vault';
import { OrphanAttachmentsJob } from '../src/schedule/orphan-attachments.job';
import { Partners, Platform, partners, referralBody, startPlatform } from './platform';
import { ReferralUnderTest, getBytes, startReferral } from './referral-app';

const clock = new ManualClock(new Date('2026-11-22T02:00:00Z'));
const keyA = `attA:${randomBytes(32).toString('base64')}`;
const keyB = `attB:${randomBytes(32).toString('base64')}`;
/** a marker no other file has: it must never be found at rest */
const MARKER = `PLAINTEXT-MARKER-${randomUUID()}`;
const FILE_NAME = `林秀英-出院小结-${randomUUID().slice(0, 8)}.pdf`;
const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

let platform: Platform;
let p: Partners;
let vault: AttachmentVault;

interface Upload {
  token: string;
  version: number | string | null;
  bytes: Buffer;
  type?: string;
  headers?: Record<string, string>;
}

function upload(service: ReferralUnderTest, id: string, u: Upload) {
  const req = service.http
    .post(`/v1/referrals/${id}/attachments`)
    .set('Authorization', u.token)
    .set('Content-Type', u.type ?? 'application/pdf');
  if (u.version !== null) req.set('If-Match', `"${u.version}"`);
  for (const [name, value] of Object.entries(u.headers ?? {})) req.set(name, value);
  return req.send(u.bytes);
}

/** A download's body as bytes, whatever its type. */
function download(service: ReferralUnderTest, id: string, attachmentId: string, token: string) {
  return getBytes(service, `/v1/referrals/${id}/attachments/${attachmentId}`, token);
}

async function newReferral(sequence: number): Promise<string> {
  const res = await platform.referral.http
    .post('/v1/referrals')
    .set('Authorization', p.homeAdmin)
    .send(
      referralBody(p.home, p.hospital, {
        name: '林秀英',
        birthDate: '1938-03-14',
        sex: sequence % 2 === 1 ? 'M' : 'F',
        idNumber: residentId('1938-03-14', sequence),
      }),
    );
  expect(res.status).toBe(201);
  return res.body.id as string;
}

const attachmentRows = async (referralId: string) =>
  query<{ id: string; object_key: string; key_id: string; file_name_sealed: string; sha256: string }>(
    platform.referral.database,
    'SELECT id, object_key, key_id, file_name_sealed, sha256 FROM referral_attachments WHERE referral_id = ?',
    [referralId],
  );
const objectsOf = async (referralId: string) =>
  (await vault.store.listOlderThan(vault.bucket, new Date(Date.now() + 3_600_000), { prefix: `referrals/${referralId}/` })).map(
    (o) => o.key,
  );
const outboxOf = async (referralId: string) =>
  query<{ event_type: string; payload: string }>(
    platform.referral.database,
    'SELECT event_type, payload FROM outbox WHERE aggregate_id = ? ORDER BY id',
    [referralId],
  );

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

beforeAll(async () => {
  platform = await startPlatform('attachments', clock, undefined, { REFERRAL_DATA_KEYS: keyA });
  p = await partners(platform, { home: '仓山颐养院', hospital: '仓山医院' });
  vault = platform.referral.app.get(AttachmentVault);
});

afterAll(async () => {
  await platform?.close();
});

describe('attachments of a referral', () => {
  const document = pdf(`1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj (${MARKER}) endobj\n`);
  let id: string;
  let first: string;
  let second: string;

  it('the sender attaches a PDF: 201 with its safe name, type and SHA-256, the version up by one, no event', async () => {
    id = await newReferral(301);
    const eventsBefore = await outboxOf(id);
    const res = await upload(platform.referral, id, {
      token: p.homeAdmin,
      version: 1,
      bytes: document,
      headers: { 'X-File-Name': encodeURIComponent(`../../${FILE_NAME}`), 'X-Content-SHA256': sha256(document) },
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ fileName: FILE_NAME, mediaType: 'application/pdf', size: document.length, sha256: sha256(document) });
    expect(res.body).toMatchObject({ side: 'sender', referralVersion: 2 });
    expect(res.headers.etag).toBe('"2"');
    expect(res.headers.location).toBe(`/v1/referrals/${id}/attachments/${res.body.id}`);
    first = res.body.id as string;
    expect(await outboxOf(id)).toHaveLength(eventsBefore.length);
  });

  it('the receiver adds a scan; both sides list both, oldest first, and the referral’s history says so with its status unchanged', async () => {
    const scan = png(40, 30);
    const res = await upload(platform.referral, id, { token: p.desk, version: 2, bytes: scan, type: 'image/png' });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ side: 'receiver', mediaType: 'image/png', fileName: 'document.png', referralVersion: 3 });
    second = res.body.id as string;
    for (const token of [p.homeAdmin, p.desk]) {
      const list = await platform.referral.http.get(`/v1/referrals/${id}/attachments`).set('Authorization', token);
      expect(list.status).toBe(200);
      expect(list.body.items.map((a: { id: string }) => a.id)).toEqual([first, second]);
    }
    const referral = await platform.referral.http.get(`/v1/referrals/${id}`).set('Authorization', p.desk);
    expect(referral.body).toMatchObject({ version: 3, status: 'REQUESTED' });
    expect(referral.body.history.slice(-2)).toMatchObject([
      { action: 'attach', from: 'REQUESTED', to: 'REQUESTED' },
      { action: 'attach', from: 'REQUESTED', to: 'REQUESTED' },
    ]);
  });

  it('downloads the very bytes, with their type, a safe attachment disposition, nosniff and no-store', async () => {
    const res = await download(platform.referral, id, first, p.desk);
    expect(res.status).toBe(200);
    expect(Buffer.compare(res.body as Buffer, document)).toBe(0);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['content-length']).toBe(String(document.length));
    expect(res.headers['content-disposition']).toContain(`filename*=UTF-8''${encodeURIComponent(FILE_NAME)}`);
    expect(res.headers['content-disposition']).toMatch(/^attachment; /);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['cache-control']).toBe('no-store');
  });

  it('keeps only ciphertext at rest: no marker, no file name, no plaintext hash, typed octet-stream', async () => {
    const [row] = (await attachmentRows(id)).filter((r) => r.id === first);
    const raw = readFileSync(rawObjectPath(vault.bucket, row.object_key));
    expect(raw.length).toBe(document.length);
    expect(raw.includes(Buffer.from(MARKER))).toBe(false);
    expect(raw.includes(Buffer.from('%PDF'))).toBe(false);
    expect(raw.includes(Buffer.from(FILE_NAME))).toBe(false);
    const head = await vault.store.head(vault.bucket, row.object_key);
    expect(head?.contentType).toBe('application/octet-stream');
    const metadata = JSON.stringify(head?.metadata);
    expect(metadata).not.toContain(sha256(document));
    expect(metadata).not.toContain(encodeURIComponent(FILE_NAME));
    expect(row.object_key).not.toContain('.pdf');
    // and the row holds the name sealed, never in clear
    expect(row.file_name_sealed).not.toContain(FILE_NAME.slice(0, 3));
    expect(row.key_id).toBe('attA');
  });

  it('counts attachments in the next event’s snapshot, and nothing more of them', async () => {
    const received = await platform.referral.http.post(`/v1/referrals/${id}/receive`).set('Authorization', p.desk).set('If-Match', '3');
    expect(received.status).toBe(200);
    const events = await outboxOf(id);
    const last = JSON.parse(events[events.length - 1].payload) as {
      type: string;
      sequence: number;
      data: { referral: Record<string, unknown> };
    };
    expect(last.type).toBe('yiyang.referral.received.v1');
    expect(last.data.referral).toMatchObject({ attachmentCount: 2, version: 4 });
    const text = events.map((e) => e.payload).join('\n');
    expect(text).not.toContain(FILE_NAME);
    expect(text).not.toContain(first);
  });

  it('still opens an attachment sealed under an old key after a new key is added and made current', async () => {
    const rotated = await startReferral('attachments_referral', clock, {
      instance: 2,
      env: { REFERRAL_DATA_KEYS: `${keyA},${keyB}`, REFERRAL_DATA_KEY_ID: 'attB' },
    });
    try {
      const old = await download(rotated, id, first, p.homeAdmin);
      expect(old.status).toBe(200);
      expect(Buffer.compare(old.body as Buffer, document)).toBe(0);
      const photo = jpeg(16, 16);
      const added = await upload(rotated, id, { token: p.desk, version: 4, bytes: photo, type: 'image/jpeg' });
      expect(added.status).toBe(201);
      const [row] = (await attachmentRows(id)).filter((r) => r.id === added.body.id);
      expect(row.key_id).toBe('attB');
      const back = await download(rotated, id, added.body.id as string, p.desk);
      expect(Buffer.compare(back.body as Buffer, photo)).toBe(0);
    } finally {
      await rotated.close();
    }
  });
});

describe('what is refused, and leaves nothing behind', () => {
  let id: string;
  let attachmentId: string;
  const good = pdf();

  beforeAll(async () => {
    id = await newReferral(302);
    const res = await upload(platform.referral, id, {
      token: p.homeAdmin,
      version: 1,
      bytes: good,
      headers: { 'Idempotency-Key': `att-${id}` },
    });
    expect(res.status).toBe(201);
    attachmentId = res.body.id as string;
  });

  it('replays a retry with the same Idempotency-Key (same attachment, nothing stored twice) and refuses the key for another file', async () => {
    const objectsBefore = await objectsOf(id);
    const retry = await upload(platform.referral, id, {
      token: p.homeAdmin,
      version: 1,
      bytes: good,
      headers: { 'Idempotency-Key': `att-${id}` },
    });
    expect(retry.status).toBe(201);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(retry.body).toMatchObject({ id: attachmentId, referralVersion: 2 });
    const other = await upload(platform.referral, id, {
      token: p.homeAdmin,
      version: 2,
      bytes: png(),
      type: 'image/png',
      headers: { 'Idempotency-Key': `att-${id}` },
    });
    expect([other.status, other.body.code]).toEqual([422, 'IDEMPOTENCY_KEY_REUSED']);
    expect((await attachmentRows(id)).map((r) => r.id)).toEqual([attachmentId]);
    expect(await objectsOf(id)).toEqual(objectsBefore);
  });

  const refusals: [string, () => Upload, number, string][] = [
    ['an empty body', () => ({ token: p.homeAdmin, version: 2, bytes: Buffer.alloc(0) }), 400, 'DOCUMENT_EMPTY'],
    [
      'a file one byte over 20 MB',
      () => ({ token: p.homeAdmin, version: 2, bytes: Buffer.concat([good, Buffer.alloc(MAX_DOCUMENT_BYTES + 1 - good.length, 0x20)]) }),
      413,
      'DOCUMENT_TOO_LARGE',
    ],
    [
      'a body far over the limit',
      () => ({ token: p.homeAdmin, version: 2, bytes: Buffer.alloc(MAX_DOCUMENT_BYTES + 1024 * 1024, 0x20) }),
      413,
      'BODY_TOO_LARGE',
    ],
    [
      'a GIF sent as a PNG',
      () => ({ token: p.homeAdmin, version: 2, bytes: Buffer.from('GIF89a\x01\x00\x01\x00', 'latin1'), type: 'image/png' }),
      415,
      'DOCUMENT_TYPE_NOT_ALLOWED',
    ],
    ['a body declared as HTML', () => ({ token: p.homeAdmin, version: 2, bytes: good, type: 'text/html' }), 415, 'UNSUPPORTED_MEDIA_TYPE'],
    [
      'a PNG that is also a ZIP',
      () => ({ token: p.homeAdmin, version: 2, bytes: png(2, 2, { after: zip() }), type: 'image/png' }),
      400,
      'DOCUMENT_REFUSED',
    ],
    [
      'a SHA-256 that is not the file’s',
      () => ({ token: p.homeAdmin, version: 2, bytes: good, headers: { 'X-Content-SHA256': sha256(Buffer.from('another file')) } }),
      400,
      'DOCUMENT_HASH_MISMATCH',
    ],
    [
      'a file name that is not percent-encoded UTF-8',
      () => ({ token: p.homeAdmin, version: 2, bytes: good, headers: { 'X-File-Name': '%E4%B8' } }),
      400,
      'FILE_NAME_MALFORMED',
    ],
    ['no If-Match', () => ({ token: p.homeAdmin, version: null, bytes: good }), 428, 'IF_MATCH_REQUIRED'],
    ['a stale version', () => ({ token: p.homeAdmin, version: 1, bytes: good }), 409, 'STALE_VERSION'],
    [
      'staff of another institution',
      () => ({ token: bearer({ roles: ['medical-admin'], institutionId: randomUUID(), sub: 'stranger' }), version: 2, bytes: good }),
      404,
      'REFERRAL_NOT_FOUND',
    ],
    [
      'a regulator',
      () => ({ token: bearer({ roles: ['regulator'], division: '3501' }), version: 2, bytes: good }),
      403,
      'ROLE_NOT_ALLOWED',
    ],
  ];

  it.each(refusals)('%s: %i %s, and no row, no object, no new version', async (_what, make, status, code) => {
    const objectsBefore = await objectsOf(id);
    const res = await upload(platform.referral, id, make());
    expect(res.status).toBe(status);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body.code).toBe(code);
    expect((await attachmentRows(id)).map((r) => r.id)).toEqual([attachmentId]);
    expect(await objectsOf(id)).toEqual(objectsBefore);
    const referral = await platform.referral.http.get(`/v1/referrals/${id}`).set('Authorization', p.homeAdmin);
    expect(referral.body.version).toBe(2);
  });

  it('shows a stranger nothing: 404 for the list and the file', async () => {
    const stranger = bearer({ roles: ['referral-desk'], institutionId: randomUUID(), sub: 'stranger-desk' });
    const list = await platform.referral.http.get(`/v1/referrals/${id}/attachments`).set('Authorization', stranger);
    expect([list.status, list.body.code]).toEqual([404, 'REFERRAL_NOT_FOUND']);
    const file = await platform.referral.http.get(`/v1/referrals/${id}/attachments/${attachmentId}`).set('Authorization', stranger);
    expect([file.status, file.body.code]).toEqual([404, 'REFERRAL_NOT_FOUND']);
  });

  it('shows a regulator the masked referral but never its files (404)', async () => {
    const regulator = bearer({ roles: ['regulator'], division: '3501' });
    const referral = await platform.referral.http.get(`/v1/referrals/${id}`).set('Authorization', regulator);
    expect(referral.status).toBe(200);
    const list = await platform.referral.http.get(`/v1/referrals/${id}/attachments`).set('Authorization', regulator);
    expect([list.status, list.body.code]).toEqual([404, 'REFERRAL_NOT_FOUND']);
    const file = await platform.referral.http.get(`/v1/referrals/${id}/attachments/${attachmentId}`).set('Authorization', regulator);
    expect([file.status, file.body.code]).toEqual([404, 'REFERRAL_NOT_FOUND']);
  });

  it('answers 404 ATTACHMENT_NOT_FOUND for an attachment of another referral', async () => {
    const other = await newReferral(303);
    const res = await platform.referral.http.get(`/v1/referrals/${other}/attachments/${attachmentId}`).set('Authorization', p.desk);
    expect([res.status, res.body.code]).toEqual([404, 'ATTACHMENT_NOT_FOUND']);
  });

  it('refuses a file once the referral is closed (409), and stores nothing', async () => {
    const cancelled = await platform.referral.http
      .post(`/v1/referrals/${id}/cancel`)
      .set('Authorization', p.homeAdmin)
      .set('If-Match', '2')
      .send({ reason: '家属决定暂不转院' });
    expect(cancelled.status).toBe(200);
    const objectsBefore = await objectsOf(id);
    const res = await upload(platform.referral, id, { token: p.homeAdmin, version: 3, bytes: good });
    expect([res.status, res.body.code]).toEqual([409, 'TRANSITION_NOT_ALLOWED']);
    expect(await objectsOf(id)).toEqual(objectsBefore);
    // what was attached before stays readable
    expect((await download(platform.referral, id, attachmentId, p.desk)).status).toBe(200);
  });
});

describe('when the object store is down', () => {
  it('answers 503 with Retry-After and writes no row, no version', async () => {
    const id = await newReferral(304);
    const down = await startReferral('attachments_referral', clock, {
      instance: 3,
      env: {
        REFERRAL_DATA_KEYS: keyA,
        S3_ENDPOINT: `http://127.0.0.1:${await closedPort()}`,
        S3_MAX_ATTEMPTS: '1',
        S3_CONNECT_TIMEOUT_MS: '300',
        S3_REQUEST_TIMEOUT_MS: '1000',
      },
    });
    try {
      const res = await upload(down, id, { token: p.homeAdmin, version: 1, bytes: pdf() });
      expect(res.status).toBe(503);
      expect(res.headers['retry-after']).toBe('5');
      expect(res.body.code).toBe('STORAGE_UNAVAILABLE');
      expect(await attachmentRows(id)).toEqual([]);
      const referral = await down.http.get(`/v1/referrals/${id}`).set('Authorization', p.homeAdmin);
      expect(referral.body.version).toBe(1);
    } finally {
      await down.close();
    }
  });
});

describe('the orphan sweep', () => {
  it('removes, after a day, objects no attachment refers to, and keeps the attached ones', async () => {
    const id = await newReferral(305);
    const res = await upload(platform.referral, id, { token: p.homeAdmin, version: 1, bytes: pdf() });
    expect(res.status).toBe(201);
    const [attached] = await attachmentRows(id);
    const orphan = `referrals/${id}/${randomUUID()}`;
    await vault.store.put(vault.bucket, orphan, randomBytes(64), 'application/octet-stream');
    const job = platform.referral.app.get(OrphanAttachmentsJob);
    expect(await job.runOnce()).toBe(0); // not a day old yet
    expect(await vault.store.head(vault.bucket, orphan)).not.toBeNull();
    clock.set(new Date(Date.now() + 25 * 3_600_000));
    expect(await job.runOnce()).toBeGreaterThanOrEqual(1);
    expect(await vault.store.head(vault.bucket, orphan)).toBeNull();
    expect(await vault.store.head(vault.bucket, attached.object_key)).not.toBeNull();
  });
});
