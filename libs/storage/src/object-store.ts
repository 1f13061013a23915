import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import {
  BucketLocationConstraint,
  CreateBucketCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { DocumentErrors, StorageUnavailableError, isTransientStorageError } from './errors';
import { sha256Hex, verifySha256 } from './hash';
import { contentDisposition } from './names';
import { StorageSettings, bucketName } from './settings';

/** The longest a presigned download URL lives: it is handed out only after the access check, so it must not outlive it by much. */
export const MAX_PRESIGN_SECONDS = 300;

export interface StoredObject {
  bucket: string;
  key: string;
  size: number;
  /** lower-case hex, computed from the bytes stored */
  sha256: string;
  etag?: string;
}

export interface ObjectInfo {
  size: number;
  contentType?: string;
  /** user metadata as it was given to put (sha256 included) */
  metadata: Record<string, string>;
  sha256?: string;
  etag?: string;
  lastModified?: Date;
}

export interface ObjectDownload extends ObjectInfo {
  /** the bytes, streamed from the store: pipe it; an error on it means the store failed mid-way */
  body: Readable;
}

export interface ListedObject {
  key: string;
  size: number;
  lastModified: Date;
}

/** Connection tuning for createS3Client; the defaults come from the settings. */
export type ClientTuning = Partial<Pick<StorageSettings, 'connectTimeoutMs' | 'requestTimeoutMs' | 'maxAttempts'>>;

/** An S3 client for any S3-compatible store, from the settings. */
export function createS3Client(settings: StorageSettings, tuning: ClientTuning = {}): S3Client {
  return new S3Client({
    endpoint: settings.endpoint,
    region: settings.region,
    forcePathStyle: settings.forcePathStyle,
    credentials: { accessKeyId: settings.accessKeyId, secretAccessKey: settings.secretAccessKey },
    maxAttempts: tuning.maxAttempts ?? settings.maxAttempts,
    requestHandler: {
      connectionTimeout: tuning.connectTimeoutMs ?? settings.connectTimeoutMs,
      // until the response's headers (the upload included); without throwOnRequestTimeout the SDK only logs a warning
      requestTimeout: tuning.requestTimeoutMs ?? settings.requestTimeoutMs,
      throwOnRequestTimeout: true,
      // and a socket silent this long fails the request or the download's stream
      socketTimeout: tuning.requestTimeoutMs ?? settings.requestTimeoutMs,
    },
    // the SDK's default CRC32 checksums (headers and trailers) are not understood by every S3-compatible
    // store (S3Proxy, older MinIO, OSS, OBS): send checksums only where the API requires them; put sends Content-MD5
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
}

/** Keys are made by the platform, never taken from a client; still, nothing that could leave a folder. */
function assertKey(key: string): void {
  if (
    !key ||
    Buffer.byteLength(key, 'utf8') > 1024 ||
    key.startsWith('/') ||
    key.split('/').some((part) => part === '' || part === '.' || part === '..') ||
    /[\u0000-\u001f\u007f\\]/.test(key)
  ) {
    throw new TypeError(`not an object key this platform makes: ${JSON.stringify(key)}`);
  }
}

/** User metadata travels as HTTP headers: ASCII only, so values are percent-encoded (and decoded on the way back). */
const encodeMetadata = (metadata: Record<string, string>): Record<string, string> =>
  Object.fromEntries(
    Object.entries(metadata).map(([name, value]) => {
      if (!/^[a-z0-9-]{1,64}$/.test(name)) throw new TypeError(`not a metadata name: ${JSON.stringify(name)}`);
      return [name, encodeURIComponent(value)];
    }),
  );
const decodeMetadata = (metadata: Record<string, string> | undefined): Record<string, string> =>
  Object.fromEntries(
    Object.entries(metadata ?? {}).map(([name, value]) => {
      try {
        return [name, decodeURIComponent(value)];
      } catch {
        return [name, value];
      }
    }),
  );

/** What a GET's or a HEAD's answer says of an object. */
function objectInfo(result: {
  ContentLength?: number;
  ContentType?: string;
  Metadata?: Record<string, string>;
  ETag?: string;
  LastModified?: Date;
}): ObjectInfo {
  const metadata = decodeMetadata(result.Metadata);
  return {
    size: result.ContentLength ?? 0,
    contentType: result.ContentType,
    metadata,
    sha256: metadata.sha256,
    etag: result.ETag,
    lastModified: result.LastModified,
  };
}

const statusOf = (err: unknown): number | undefined =>
  (err as { $metadata?: { httpStatusCode?: number } } | null)?.$metadata?.httpStatusCode;
const nameOf = (err: unknown): unknown => (err as { name?: unknown } | null)?.name;
const isMissing = (err: unknown): boolean =>
  statusOf(err) === 404 || ['NoSuchKey', 'NotFound', 'NoSuchBucket'].includes(String(nameOf(err)));

/**
 * Documents in buckets of an S3-compatible store. Buckets are private (created without any ACL or
 * policy; nothing is ever made public): downloads go through a service (get, streamed) or through a
 * presigned URL of at most five minutes, handed out after the access check. A store that cannot be
 * reached fails every method with StorageUnavailableError (transient, STORAGE_UNAVAILABLE).
 */
export class ObjectStore {
  private readonly ensured = new Set<string>();

  constructor(
    readonly client: S3Client,
    private readonly options: { bucketPrefix?: string } = {},
  ) {}

  static fromSettings(settings: StorageSettings, tuning: ClientTuning = {}): ObjectStore {
    return new ObjectStore(createS3Client(settings, tuning), { bucketPrefix: settings.bucketPrefix });
  }

  /** The real name of a logical bucket: bucket('agreements') → 'yiyang-agreements' (with S3_BUCKET_PREFIX). */
  bucket(logical: string): string {
    return bucketName({ bucketPrefix: this.options.bucketPrefix ?? '' }, logical);
  }

  /**
   * Whether the store answers, within `timeoutMs` and with a single attempt (a readiness probe must not
   * wait for the SDK's retries): a HeadBucket of `bucket`, which may not exist yet (created on first
   * use). Resolves when it answers; otherwise rejects with StorageUnavailableError (down, slow, 5xx) or
   * the store's own refusal (a wrong key or secret: 403).
   */
  async ping(bucket: string, timeoutMs = 2000): Promise<void> {
    await this.call('ping', async () => {
      const timeout = new Promise<never>((_, reject) =>
        setTimeout(() => reject(Object.assign(new Error(`no answer within ${timeoutMs} ms`), { name: 'TimeoutError' })), timeoutMs).unref(),
      );
      try {
        await Promise.race([
          this.client.send(new HeadBucketCommand({ Bucket: bucket }), { abortSignal: AbortSignal.timeout(timeoutMs) }),
          timeout,
        ]);
      } catch (err) {
        if (nameOf(err) === 'AbortError') throw Object.assign(new Error(`no answer within ${timeoutMs} ms`), { name: 'TimeoutError' });
        if (!isMissing(err)) throw err;
      }
    });
  }

  /** Creates the bucket (private) unless it exists; idempotent, and remembered for this process. */
  async ensureBucket(bucket: string): Promise<void> {
    if (this.ensured.has(bucket)) return;
    await this.call('ensureBucket', async () => {
      try {
        await this.client.send(new HeadBucketCommand({ Bucket: bucket }));
      } catch (err) {
        if (!isMissing(err)) throw err;
        try {
          const region = await this.client.config.region();
          await this.client.send(
            new CreateBucketCommand({
              Bucket: bucket,
              ...(region && region !== 'us-east-1'
                ? { CreateBucketConfiguration: { LocationConstraint: region as BucketLocationConstraint } }
                : {}),
            }),
          );
        } catch (createErr) {
          if (nameOf(createErr) !== 'BucketAlreadyOwnedByYou') throw createErr; // a concurrent ensureBucket won
        }
      }
    });
    this.ensured.add(bucket);
  }

  /**
   * Stores the bytes under the key, with their SHA-256 (hex) in the object's metadata (sha256). When
   * expectedSha256 is given (hex or base64) and is not the bytes' own, nothing is stored
   * (DOCUMENT_HASH_MISMATCH). Content-MD5 makes the store refuse bytes damaged on the way.
   */
  async put(
    bucket: string,
    key: string,
    bytes: Buffer,
    contentType: string,
    metadata: Record<string, string> = {},
    options: { expectedSha256?: string | null } = {},
  ): Promise<StoredObject> {
    assertKey(key);
    const sha256 = sha256Hex(bytes);
    verifySha256(sha256, options.expectedSha256);
    const result = await this.call('put', () =>
      this.client.send(
        new PutObjectCommand({
          Bucket: bucket,
          Key: key,
          Body: bytes,
          ContentLength: bytes.length,
          ContentType: contentType,
          ContentMD5: createHash('md5').update(bytes).digest('base64'),
          Metadata: encodeMetadata({ ...metadata, sha256 }),
        }),
      ),
    );
    return { bucket, key, size: bytes.length, sha256, etag: result.ETag };
  }

  /** Streams an object; DOCUMENT_NOT_FOUND when there is none. */
  async get(bucket: string, key: string): Promise<ObjectDownload> {
    assertKey(key);
    const result = await this.call('get', async () => {
      try {
        return await this.client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
      } catch (err) {
        if (isMissing(err)) throw DocumentErrors.notFound();
        throw err;
      }
    });
    if (!(result.Body instanceof Readable)) throw new Error('the S3 client did not return a Node stream');
    return { body: result.Body, ...objectInfo(result) };
  }

  /** An object's size, type and metadata, or null when there is none. */
  async head(bucket: string, key: string): Promise<ObjectInfo | null> {
    assertKey(key);
    return this.call('head', async () => {
      try {
        return objectInfo(await this.client.send(new HeadObjectCommand({ Bucket: bucket, Key: key })));
      } catch (err) {
        if (isMissing(err)) return null;
        throw err;
      }
    });
  }

  /** Removes an object; removing one that is not there is not an error. */
  async delete(bucket: string, key: string): Promise<void> {
    assertKey(key);
    await this.call('delete', async () => {
      try {
        await this.client.send(new DeleteObjectCommand({ Bucket: bucket, Key: key }));
      } catch (err) {
        if (!isMissing(err)) throw err;
      }
    });
  }

  /** Objects under the prefix last modified before the cutoff (at most limit of them), oldest first. */
  async listOlderThan(bucket: string, cutoff: Date, options: { prefix?: string; limit?: number } = {}): Promise<ListedObject[]> {
    const limit = options.limit ?? 1000;
    const found: ListedObject[] = [];
    let token: string | undefined;
    do {
      const page = await this.call('list', () =>
        this.client.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: options.prefix, ContinuationToken: token, MaxKeys: 1000 })),
      );
      for (const item of page.Contents ?? []) {
        // a key ending in / is a folder marker (the filesystem backends list their folders so), never a document
        if (item.Key && !item.Key.endsWith('/') && item.LastModified && item.LastModified < cutoff) {
          found.push({ key: item.Key, size: item.Size ?? 0, lastModified: item.LastModified });
        }
      }
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token && found.length < limit);
    return found.sort((a, b) => a.lastModified.getTime() - b.lastModified.getTime()).slice(0, limit);
  }

  /**
   * Removes the objects under the prefix last modified before the cutoff (uploads never attached to an
   * agreement or a referral, after a day); returns their keys.
   */
  async deleteOlderThan(bucket: string, cutoff: Date, options: { prefix?: string; limit?: number } = {}): Promise<string[]> {
    const old = await this.listOlderThan(bucket, cutoff, options);
    for (const { key } of old) await this.delete(bucket, key);
    return old.map((o) => o.key);
  }

  /**
   * A URL that downloads the object without credentials for `seconds` (at most MAX_PRESIGN_SECONDS),
   * as an attachment named fileName (or inline). Hand it out only after the access check.
   */
  async presignGet(
    bucket: string,
    key: string,
    options: { seconds?: number; fileName?: string; disposition?: 'attachment' | 'inline'; contentType?: string } = {},
  ): Promise<string> {
    assertKey(key);
    const seconds = options.seconds ?? 60;
    if (!Number.isInteger(seconds) || seconds < 1 || seconds > MAX_PRESIGN_SECONDS) {
      throw new RangeError(`a presigned URL lives 1 to ${MAX_PRESIGN_SECONDS} seconds, not ${seconds}`);
    }
    return this.call('presign', () =>
      getSignedUrl(
        this.client,
        new GetObjectCommand({
          Bucket: bucket,
          Key: key,
          ResponseContentDisposition: contentDisposition(options.fileName, options.disposition ?? 'attachment'),
          ...(options.contentType ? { ResponseContentType: options.contentType } : {}),
        }),
        { expiresIn: seconds },
      ),
    );
  }

  destroy(): void {
    this.client.destroy();
  }

  /** Runs one store operation, turning "the store is down or failing" into StorageUnavailableError. */
  private async call<T>(operation: string, run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (err) {
      if (isTransientStorageError(err)) throw new StorageUnavailableError(operation, err);
      throw err;
    }
  }
}
