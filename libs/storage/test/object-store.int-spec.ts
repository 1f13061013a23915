/**
 * The object store against a real S3-compatible server: the local S3Proxy (started when it does not
 * answer, stopped again when this file started it), a bucket of this run's own.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { DeleteBucketCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import { ensureS3Proxy, rawObjectPath, s3proxySettings, stopS3Proxy } from '../../../deploy/local/s3proxy';
import {
  ObjectStore,
  StorageSettings,
  StorageUnavailableError,
  contentDisposition,
  readLimited,
  sha256Hex,
  storageSettingProblem,
  storageReadinessGate,
  storageSettings,
} from '../src';
import { jpeg, pdf, png } from './documents';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const runId = /^[a-z0-9]{4,20}$/.test(process.env.TEST_RUN_ID ?? '') ? process.env.TEST_RUN_ID! : randomBytes(5).toString('hex');

let started = false;
let local = false;
let settings: StorageSettings;
let store: ObjectStore;
let bucket: string;

beforeAll(async () => {
  const env: NodeJS.ProcessEnv = { ...process.env };
  const s3proxy = await ensureS3Proxy(env);
  started = s3proxy.started;
  local = s3proxy.endpoint.replace(/\/$/, '') === s3proxySettings().endpoint;
  settings = storageSettings({ ...env, S3_BUCKET_PREFIX: `yt-${runId}-` });
  store = ObjectStore.fromSettings(settings);
  bucket = store.bucket('documents');
  await store.ensureBucket(bucket);
}, 120_000);

afterAll(async () => {
  if (store) {
    // leave nothing behind: this run's objects, then its bucket (the filesystem backend drops emptied folders itself;
    // deleting its folder markers, keys ending in /, takes it seconds each)
    const listed = await store.client.send(new ListObjectsV2Command({ Bucket: bucket }));
    for (const { Key } of listed.Contents ?? []) if (Key && !Key.endsWith('/')) await store.delete(bucket, Key);
    await store.client.send(new DeleteBucketCommand({ Bucket: bucket }));
    store.destroy();
  }
  if (started) await stopS3Proxy();
}, 60_000);

describe('ObjectStore against S3Proxy', () => {
  it('creates its bucket once, and again without complaint', async () => {
    await store.ensureBucket(bucket);
    const other = ObjectStore.fromSettings(settings);
    await other.ensureBucket(bucket);
    other.destroy();
  });

  it('stores and streams back the same bytes, with their SHA-256 and metadata', async () => {
    const bytes = Buffer.concat([pdf(`1 0 obj (${randomBytes(2000).toString('base64')}) endobj\n`)]);
    const stored = await store.put(bucket, 'agreements/a1/signed.pdf', bytes, 'application/pdf', { 'file-name': '合作协议（签字版）.pdf' });
    expect(stored).toMatchObject({ bucket, key: 'agreements/a1/signed.pdf', size: bytes.length, sha256: sha256Hex(bytes) });

    const download = await store.get(bucket, 'agreements/a1/signed.pdf');
    expect(download).toMatchObject({ size: bytes.length, contentType: 'application/pdf', sha256: sha256Hex(bytes) });
    expect(download.metadata['file-name']).toBe('合作协议（签字版）.pdf');
    const back = await readLimited(download.body, bytes.length);
    expect(back.equals(bytes)).toBe(true);

    const info = await store.head(bucket, 'agreements/a1/signed.pdf');
    expect(info).toMatchObject({ size: bytes.length, sha256: sha256Hex(bytes), contentType: 'application/pdf' });
  });

  it('stores nothing when the SHA-256 the client gave is not the bytes’ own', async () => {
    const bytes = png(4, 4);
    await expect(
      store.put(bucket, 'uploads/mismatch.png', bytes, 'image/png', {}, { expectedSha256: sha256Hex(Buffer.from('something else')) }),
    ).rejects.toMatchObject({ code: 'DOCUMENT_HASH_MISMATCH', kind: 'invalid' });
    expect(await store.head(bucket, 'uploads/mismatch.png')).toBeNull();

    const stored = await store.put(bucket, 'uploads/match.png', bytes, 'image/png', {}, { expectedSha256: sha256Hex(bytes).toUpperCase() });
    expect(stored.sha256).toBe(sha256Hex(bytes));
  });

  it('answers a missing object as DOCUMENT_NOT_FOUND (get) or null (head), and deletes idempotently', async () => {
    await expect(store.get(bucket, 'nothing/here.pdf')).rejects.toMatchObject({ code: 'DOCUMENT_NOT_FOUND', kind: 'not-found' });
    expect(await store.head(bucket, 'nothing/here.pdf')).toBeNull();
    await store.delete(bucket, 'nothing/here.pdf');
  });

  it('hands out presigned downloads that work without credentials, while a plain GET is refused', async () => {
    const bytes = jpeg(32, 32);
    await store.put(bucket, 'referrals/r1/photo.jpg', bytes, 'image/jpeg');
    const unsigned = await fetch(`${settings.endpoint}/${bucket}/referrals/r1/photo.jpg`);
    expect(unsigned.status).toBe(403);

    const url = await store.presignGet(bucket, 'referrals/r1/photo.jpg', { seconds: 60, fileName: '转诊附件 照片.jpg' });
    const res = await fetch(url);
    expect(res.status).toBe(200);
    expect(Buffer.from(await res.arrayBuffer()).equals(bytes)).toBe(true);
    expect(res.headers.get('content-disposition')).toBe(contentDisposition('转诊附件 照片.jpg'));

    // the signature covers the key and the disposition: neither can be changed
    const otherKey = await fetch(url.replace('/photo.jpg?', '/other.jpg?'));
    expect(otherKey.status).toBe(403);
    const otherDisposition = await fetch(url.replace(/response-content-disposition=[^&]+/, 'response-content-disposition=inline'));
    expect(otherDisposition.status).toBe(403);
  });

  it('refuses a presigned download after its lifetime, and lifetimes beyond five minutes', async () => {
    await store.put(bucket, 'referrals/r1/short.png', png(), 'image/png');
    const url = await store.presignGet(bucket, 'referrals/r1/short.png', { seconds: 1 });
    await sleep(2500);
    expect((await fetch(url)).status).toBe(403);
    await expect(store.presignGet(bucket, 'referrals/r1/short.png', { seconds: 301 })).rejects.toThrow(RangeError);
  });

  it('keeps the bytes as they were put in the filesystem backend (what encryption will change)', async () => {
    if (!local) return; // S3_ENDPOINT names another store: its files are not ours to read
    const bytes = pdf(`1 0 obj (${'恒定的内容'.repeat(20)}) endobj\n`);
    await store.put(bucket, 'raw/check.pdf', bytes, 'application/pdf');
    expect(readFileSync(rawObjectPath(bucket, 'raw/check.pdf')).equals(bytes)).toBe(true);
    expect(() => rawObjectPath(bucket, '../escape')).toThrow(/leaves the bucket/);
  });

  it('lists and deletes the objects older than a cutoff (unattached uploads)', async () => {
    await store.put(bucket, 'pending/a.pdf', pdf(), 'application/pdf');
    await store.put(bucket, 'pending/b.png', png(), 'image/png');
    await sleep(1100);
    const cutoff = new Date();
    await sleep(1100); // the store may keep times to the second
    await store.put(bucket, 'pending/c.jpg', jpeg(), 'image/jpeg');
    await store.put(bucket, 'kept/d.pdf', pdf(), 'application/pdf');

    const old = await store.listOlderThan(bucket, cutoff, { prefix: 'pending/' });
    expect(old.map((o) => o.key).sort()).toEqual(['pending/a.pdf', 'pending/b.png']);
    expect(old.every((o) => o.size > 0 && o.lastModified < cutoff)).toBe(true);

    expect((await store.deleteOlderThan(bucket, cutoff, { prefix: 'pending/' })).sort()).toEqual(['pending/a.pdf', 'pending/b.png']);
    expect(await store.head(bucket, 'pending/a.pdf')).toBeNull();
    expect(await store.head(bucket, 'pending/c.jpg')).not.toBeNull();
    expect(await store.listOlderThan(bucket, cutoff, { prefix: 'pending/' })).toEqual([]);
  }, 30_000);

  it('fails fast with the transient STORAGE_UNAVAILABLE when the store is down', async () => {
    const port = await closedPort();
    const down = ObjectStore.fromSettings(
      { ...settings, endpoint: `http://127.0.0.1:${port}` },
      { maxAttempts: 1, connectTimeoutMs: 500, requestTimeoutMs: 1000 },
    );
    const began = Date.now();
    for (const attempt of [
      () => down.put(bucket, 'x/y.pdf', pdf(), 'application/pdf'),
      () => down.get(bucket, 'x/y.pdf'),
      () => down.ensureBucket(bucket),
      () => down.listOlderThan(bucket, new Date()),
    ]) {
      const err: unknown = await attempt().then(
        () => new Error('expected a failure'),
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(StorageUnavailableError);
      expect(err).toMatchObject({ code: 'STORAGE_UNAVAILABLE', transient: true, retryAfterSeconds: 5 });
    }
    expect(Date.now() - began).toBeLessThan(5000);
    down.destroy();
  });

  it('fails with the transient STORAGE_UNAVAILABLE when the store accepts connections but never answers', async () => {
    const silent = createServer(() => undefined); // accepts, reads nothing, answers nothing
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { port } = silent.address() as { port: number };
    const hung = ObjectStore.fromSettings({ ...settings, endpoint: `http://127.0.0.1:${port}` }, { maxAttempts: 1, requestTimeoutMs: 700 });
    const began = Date.now();
    await expect(hung.head(bucket, 'x/y.pdf')).rejects.toMatchObject({ code: 'STORAGE_UNAVAILABLE', transient: true });
    await expect(hung.put(bucket, 'x/y.pdf', pdf(), 'application/pdf')).rejects.toBeInstanceOf(StorageUnavailableError);
    expect(Date.now() - began).toBeLessThan(4000);
    hung.destroy();
    silent.close();
  });

  it('fails a wrong secret for good (not transient), naming the setting', async () => {
    const wrong = ObjectStore.fromSettings({ ...settings, secretAccessKey: 'not-the-secret' }, { maxAttempts: 1 });
    const err: unknown = await wrong.put(bucket, 'x/wrong.pdf', pdf(), 'application/pdf').then(
      () => new Error('expected a failure'),
      (e: unknown) => e,
    );
    expect(err).not.toBeInstanceOf(StorageUnavailableError);
    expect(storageSettingProblem(err, settings)).toMatch(/S3_SECRET_ACCESS_KEY|S3_ACCESS_KEY_ID/);
    wrong.destroy();
  });
});

describe('ObjectStore.ping and the readiness gate', () => {
  /** What the gate answered: 'next' (the platform's checks go on) or the status, Retry-After and body it sent. */
  const gateAnswer = (ping: () => Promise<void>) =>
    new Promise<{ next: true } | { status: number; retryAfter: string; body: Record<string, unknown> }>((resolve) => {
      const headers: Record<string, string> = {};
      const res = {
        statusCode: 200,
        setHeader: (name: string, value: string) => (headers[name.toLowerCase()] = value),
        end: (body: string) =>
          resolve({ status: res.statusCode, retryAfter: headers['retry-after'], body: JSON.parse(body) as Record<string, unknown> }),
      };
      storageReadinessGate(ping)({}, res, () => resolve({ next: true }));
    });

  it('answers for a bucket that exists and for one not created yet; the gate lets the probe go on', async () => {
    await store.ping(bucket);
    await store.ping(store.bucket('not-created-yet'));
    expect(await gateAnswer(() => store.ping(bucket))).toEqual({ next: true });
  });

  it('fails within its timeout, transient, when the store accepts connections but never answers; the gate answers 503', async () => {
    const silent = createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { port } = silent.address() as { port: number };
    const hung = ObjectStore.fromSettings({ ...settings, endpoint: `http://127.0.0.1:${port}` });
    try {
      const started = Date.now();
      await expect(hung.ping(bucket, 500)).rejects.toBeInstanceOf(StorageUnavailableError);
      expect(Date.now() - started).toBeLessThan(2000);
      expect(await gateAnswer(() => hung.ping(bucket, 500))).toEqual({
        status: 503,
        retryAfter: '5',
        body: expect.objectContaining({
          status: 'error',
          error: { storage: { status: 'down', message: 'the object store does not answer' } },
        }),
      });
    } finally {
      hung.destroy();
      silent.close();
    }
  });

  it('fails for a wrong secret (the store answers, but refuses this service): not ready either', async () => {
    const wrong = ObjectStore.fromSettings({ ...settings, secretAccessKey: 'not-the-secret' }, { maxAttempts: 1 });
    try {
      await expect(wrong.ping(bucket)).rejects.not.toBeInstanceOf(StorageUnavailableError);
      expect(await gateAnswer(() => wrong.ping(bucket))).toMatchObject({ status: 503, body: { error: { storage: { status: 'down' } } } });
    } finally {
      wrong.destroy();
    }
  });
});

/** A port nothing listens on (taken from the system, then released). */
function closedPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}
