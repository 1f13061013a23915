import { z } from 'zod';
import { ConfigError, env, loadConfig } from '@yiyang/config';

/** Where the documents are kept: any store that speaks the S3 API (S3Proxy locally; MinIO, Aliyun OSS, Huawei OBS, Ceph RGW…). */
export interface StorageSettings {
  /** e.g. http://127.0.0.1:8280 (the local S3Proxy), https://oss-cn-hangzhou.aliyuncs.com, https://obs.cn-south-1.myhuaweicloud.com */
  endpoint: string;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** http://host/<bucket>/<key> (S3Proxy, MinIO, Ceph) rather than http://<bucket>.host/<key> (Aliyun OSS requires the latter) */
  forcePathStyle: boolean;
  /** put before every logical bucket name (agreements → yiyang-agreements), so environments can share a store */
  bucketPrefix: string;
  connectTimeoutMs: number;
  requestTimeoutMs: number;
  /** attempts per request (the SDK's standard retry strategy), 1 = no retry */
  maxAttempts: number;
}

/** Bucket names as S3 allows them everywhere (lower case, digits, hyphens; 3–63 characters; no dots, which break TLS with virtual hosts). */
const BUCKET_NAME = /^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$/;

export const storageShape = {
  S3_ENDPOINT: z
    .string()
    .url()
    .refine((v) => /^https?:\/\//.test(v), 'must be an http:// or https:// URL')
    .default('http://127.0.0.1:8280')
    .describe('the S3 API endpoint of the object store (the local S3Proxy by default)'),
  S3_REGION: env.string('us-east-1').describe('the region the store signs requests for (e.g. cn-hangzhou for OSS)'),
  S3_ACCESS_KEY_ID: env.optionalString().describe('the access key of the object store (npm start sets the local one)'),
  S3_SECRET_ACCESS_KEY: env.optionalString().describe('the secret key of the object store (npm start sets the local one)'),
  S3_FORCE_PATH_STYLE: env
    .bool(true)
    .describe('address buckets as paths (S3Proxy, MinIO, Ceph); false for virtual-hosted stores (Aliyun OSS)'),
  S3_BUCKET_PREFIX: z
    .string()
    .regex(/^[a-z0-9][a-z0-9-]{0,39}$/, 'lower-case letters, digits and hyphens, at most 40, not starting with a hyphen')
    .default('yiyang-')
    .describe('prefix of every bucket this platform creates'),
  S3_CONNECT_TIMEOUT_MS: env.int(2000, 100, 60_000).describe('how long to wait for a connection to the object store'),
  S3_REQUEST_TIMEOUT_MS: env
    .int(30_000, 500, 600_000)
    .describe('how long the object store may take to answer a request, or stay silent during a transfer'),
  S3_MAX_ATTEMPTS: env.int(3, 1, 10).describe('attempts per request to the object store (1: no retry)'),
};

/**
 * Reads the object store's settings; a missing or malformed one stops the service with a sentence
 * naming it (ConfigError), e.g. "S3_SECRET_ACCESS_KEY is required — the secret key of the object store".
 */
export function storageSettings(environment: NodeJS.ProcessEnv = process.env): StorageSettings {
  const c = loadConfig(storageShape, environment);
  const missing = (['S3_ACCESS_KEY_ID', 'S3_SECRET_ACCESS_KEY'] as const)
    .filter((name) => !c[name])
    .map((name) => `${name} is required — ${storageShape[name].description ?? ''}`);
  if (missing.length) throw new ConfigError(missing);
  return {
    endpoint: c.S3_ENDPOINT.replace(/\/+$/, ''),
    region: c.S3_REGION,
    accessKeyId: c.S3_ACCESS_KEY_ID!,
    secretAccessKey: c.S3_SECRET_ACCESS_KEY!,
    forcePathStyle: c.S3_FORCE_PATH_STYLE,
    bucketPrefix: c.S3_BUCKET_PREFIX,
    connectTimeoutMs: c.S3_CONNECT_TIMEOUT_MS,
    requestTimeoutMs: c.S3_REQUEST_TIMEOUT_MS,
    maxAttempts: c.S3_MAX_ATTEMPTS,
  };
}

/** The real bucket name of a logical one: bucketName(settings, 'agreements') → 'yiyang-agreements'. */
export function bucketName(settings: Pick<StorageSettings, 'bucketPrefix'>, logical: string): string {
  const name = `${settings.bucketPrefix}${logical}`;
  if (!BUCKET_NAME.test(name)) {
    throw new ConfigError([
      `S3_BUCKET_PREFIX "${settings.bucketPrefix}" with "${logical}" makes "${name}", which is not a valid bucket name`,
    ]);
  }
  return name;
}
