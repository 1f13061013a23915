import { BeforeApplicationShutdown, Inject, Injectable } from '@nestjs/common';
import { ObjectDownload, ObjectStore, StoredObject } from '@yiyang/storage';
import { CONTRACT_CONFIG, ContractConfig, requireStorage } from '../config';

/** Where agreement documents are kept: the bucket `${S3_BUCKET_PREFIX}agreements`, keys `agreements/<agreement id>/<document id>`. */
export const DOCUMENT_PREFIX = 'agreements/';
export const documentKey = (agreementId: string, documentId: string) => `${DOCUMENT_PREFIX}${agreementId}/${documentId}`;

/** The contract service's object store for agreement documents (the bucket is created on first use). */
@Injectable()
export class DocumentStore implements BeforeApplicationShutdown {
  readonly objects: ObjectStore;
  readonly bucket: string;

  constructor(@Inject(CONTRACT_CONFIG) config: ContractConfig) {
    this.objects = ObjectStore.fromSettings(requireStorage(config));
    this.bucket = this.objects.bucket('agreements');
  }

  async put(key: string, bytes: Buffer, contentType: string, metadata: Record<string, string>): Promise<StoredObject> {
    await this.objects.ensureBucket(this.bucket);
    return this.objects.put(this.bucket, key, bytes, contentType, metadata);
  }

  get(key: string): Promise<ObjectDownload> {
    return this.objects.get(this.bucket, key);
  }

  /** A download link valid for `seconds` (at most 300), as an attachment named fileName. */
  link(key: string, fileName: string, contentType: string, seconds: number): Promise<string> {
    return this.objects.presignGet(this.bucket, key, { seconds, fileName, contentType });
  }

  beforeApplicationShutdown(): void {
    this.objects.destroy();
  }
}
