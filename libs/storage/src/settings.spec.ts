import { ConfigError } from '@yiyang/config';
import { bucketName, storageSettings } from './settings';

const keys = { S3_ACCESS_KEY_ID: 'AKID', S3_SECRET_ACCESS_KEY: 'secret' };

describe('storageSettings', () => {
  it('defaults to the local S3Proxy, path-style, with the yiyang- bucket prefix', () => {
    expect(storageSettings(keys)).toEqual({
      endpoint: 'http://127.0.0.1:8280',
      region: 'us-east-1',
      accessKeyId: 'AKID',
      secretAccessKey: 'secret',
      forcePathStyle: true,
      bucketPrefix: 'yiyang-',
      connectTimeoutMs: 2000,
      requestTimeoutMs: 30_000,
      maxAttempts: 3,
    });
  });

  it('reads a production store (Aliyun OSS: virtual-hosted)', () => {
    const s = storageSettings({
      ...keys,
      S3_ENDPOINT: 'https://oss-cn-hangzhou.aliyuncs.com/',
      S3_REGION: 'cn-hangzhou',
      S3_FORCE_PATH_STYLE: 'false',
      S3_BUCKET_PREFIX: 'fj-prod-',
    });
    expect(s).toMatchObject({ endpoint: 'https://oss-cn-hangzhou.aliyuncs.com', region: 'cn-hangzhou', forcePathStyle: false });
    expect(bucketName(s, 'agreements')).toBe('fj-prod-agreements');
  });

  it('names the missing key and secret', () => {
    expect(() => storageSettings({})).toThrow(ConfigError);
    expect(() => storageSettings({ S3_ACCESS_KEY_ID: 'AKID' })).toThrow(/^Invalid configuration: S3_SECRET_ACCESS_KEY is required — /);
  });

  it('names every malformed setting', () => {
    try {
      storageSettings({ ...keys, S3_ENDPOINT: 'ftp://store', S3_FORCE_PATH_STYLE: 'sometimes', S3_BUCKET_PREFIX: 'Has Spaces' });
      throw new Error('expected a ConfigError');
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      expect((err as ConfigError).problems.map((p) => p.split(' ')[0]).sort()).toEqual([
        'S3_BUCKET_PREFIX',
        'S3_ENDPOINT',
        'S3_FORCE_PATH_STYLE',
      ]);
    }
  });

  it('refuses a prefix that makes an invalid bucket name', () => {
    expect(() => bucketName({ bucketPrefix: '' }, 'a')).toThrow(/not a valid bucket name/);
    expect(() => bucketName({ bucketPrefix: 'x-' }, 'Agreements')).toThrow(ConfigError);
  });
});
