import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { FieldCipher } from '@yiyang/kernel';
import { MAX_DOCUMENT_BYTES, ObjectStore, readLimited } from '@yiyang/storage';
import { AttachmentEnvelope } from '../domain/referral';
import { FIELD_CIPHER } from '../persistence/referral.mapper';

export const ATTACHMENT_STORE = Symbol('ATTACHMENT_STORE');

/** The logical bucket (S3_BUCKET_PREFIX goes before it) and the key prefix of every attachment object. */
export const ATTACHMENT_BUCKET = 'referral-attachments';
export const ATTACHMENT_PREFIX = 'referrals/';

/** GCM's tag: 16 bytes after the ciphertext would be, but it is kept in the row, not in the object. */
const TAG_BYTES = 16;

/**
 * Envelope encryption of referral attachments. Each file gets a fresh 256-bit data key that encrypts it
 * (AES-256-GCM, random 96-bit IV, the attachment id as associated data); the data key is sealed by the
 * current referral data key through the field cipher, whose key id is kept, so data keys rotate like
 * sealed fields. The object store sees only ciphertext, typed application/octet-stream, without metadata
 * of its own (the store's client adds the SHA-256 of the ciphertext, which says nothing).
 */
@Injectable()
export class AttachmentVault implements OnApplicationShutdown {
  readonly bucket: string;

  constructor(
    @Inject(ATTACHMENT_STORE) readonly store: ObjectStore,
    @Inject(FIELD_CIPHER) private readonly cipher: FieldCipher,
  ) {
    this.bucket = store.bucket(ATTACHMENT_BUCKET);
  }

  /** Encrypts and stores the bytes under `referrals/<referral id>/<attachment id>`; returns how to open them again. */
  async put(referralId: string, attachmentId: string, plaintext: Buffer): Promise<AttachmentEnvelope> {
    const dataKey = randomBytes(32);
    const iv = randomBytes(12);
    const gcm = createCipheriv('aes-256-gcm', dataKey, iv);
    gcm.setAAD(Buffer.from(attachmentId, 'utf8'));
    const ciphertext = Buffer.concat([gcm.update(plaintext), gcm.final()]);
    const wrapped = this.cipher.seal(dataKey.toString('base64'), `attachment-key:${attachmentId}`);
    dataKey.fill(0);
    const objectKey = `${ATTACHMENT_PREFIX}${referralId}/${attachmentId}`;
    await this.store.ensureBucket(this.bucket);
    await this.store.put(this.bucket, objectKey, ciphertext, 'application/octet-stream');
    return {
      objectKey,
      keyId: wrapped.keyId,
      wrappedKey: wrapped.sealed,
      iv: iv.toString('base64'),
      tag: gcm.getAuthTag().toString('base64'),
    };
  }

  /** Reads the ciphertext back and decrypts it; the tag is checked before any byte is handed out. */
  async open(attachmentId: string, envelope: AttachmentEnvelope): Promise<Buffer> {
    const dataKey = Buffer.from(this.cipher.open(envelope.keyId, envelope.wrappedKey, `attachment-key:${attachmentId}`), 'base64');
    const object = await this.store.get(this.bucket, envelope.objectKey);
    const ciphertext = await readLimited(object.body, MAX_DOCUMENT_BYTES + TAG_BYTES);
    const gcm = createDecipheriv('aes-256-gcm', dataKey, Buffer.from(envelope.iv, 'base64'));
    gcm.setAAD(Buffer.from(attachmentId, 'utf8'));
    gcm.setAuthTag(Buffer.from(envelope.tag, 'base64'));
    try {
      return Buffer.concat([gcm.update(ciphertext), gcm.final()]);
    } finally {
      dataKey.fill(0);
    }
  }

  /** Best effort: an object whose attachment was never recorded (the orphan sweep removes what this misses). */
  async discard(objectKey: string): Promise<void> {
    await this.store.delete(this.bucket, objectKey).catch(() => undefined);
  }

  onApplicationShutdown(): void {
    this.store.destroy();
  }
}
