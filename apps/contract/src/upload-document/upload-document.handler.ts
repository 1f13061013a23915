import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { Clock } from '@yiyang/kernel';
import { CLOCK } from '@yiyang/platform';
import { Actor } from '@yiyang/messaging';
import { CheckedUpload } from '@yiyang/storage';
import { Agreement, AgreementActor, AgreementState } from '../domain/agreement';
import { AgreementStore } from '../shared/agreement-store';
import { DocumentStore, documentKey } from '../shared/document-store';

export interface UploadDocument {
  agreementId: string;
  expectedVersion: number;
  /** the bytes as libs/storage checked them (type from the bytes, SHA-256, safe name) */
  upload: CheckedUpload;
  visibleTo: string | null;
  actor: AgreementActor;
  eventActor: Actor;
}

/**
 * The filer attaches a version of the signed document: every rule is tried first on a copy (so a
 * stranger, a wrong status or a stale version stores nothing), then the bytes go to the object store,
 * then one transaction records the document row and the agreement's new version (and its event once
 * SUBMITTED). A crash between the two leaves an object no row refers to: DocumentSweep removes it.
 */
@Injectable()
export class UploadDocumentHandler {
  constructor(
    private readonly store: AgreementStore,
    private readonly documents: DocumentStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute(c: UploadDocument): Promise<Readonly<AgreementState>> {
    const id = randomUUID();
    const objectKey = documentKey(c.agreementId, id);
    const { upload } = c;
    const document = {
      id,
      sha256: upload.sha256,
      mediaType: upload.contentType,
      sizeBytes: upload.size,
      fileName: upload.fileName,
      objectKey,
    };
    const at = this.clock.now();
    await this.dryRun(c, (a) => a.attachDocument(c.actor, document, at));
    await this.documents.put(objectKey, upload.bytes, upload.contentType, {
      'file-name': encodeURIComponent(upload.fileName),
      'agreement-id': c.agreementId,
    });
    return this.store.change(
      c.agreementId,
      { expectedVersion: c.expectedVersion, visibleTo: c.visibleTo },
      c.eventActor,
      (a, { at: now }) => void a.attachDocument(c.actor, document, now),
    );
  }

  /** The change tried on a copy of the agreement as last committed: its refusals, nothing written. */
  private async dryRun(c: UploadDocument, attempt: (a: Agreement) => void): Promise<void> {
    const s = await this.store.repository.find(c.agreementId);
    const a = s ? Agreement.restore(s) : null;
    if (!a || !a.involves(c.visibleTo)) throw this.store.repository.notFoundError();
    a.checkVersion(c.expectedVersion);
    attempt(a);
  }
}
