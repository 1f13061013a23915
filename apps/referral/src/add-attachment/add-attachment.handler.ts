import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { Principal } from '@yiyang/auth';
import { DomainError } from '@yiyang/kernel';
import { checkUpload } from '@yiyang/storage';
import { Attachment, Referral, ReferralState } from '../domain/referral';
import { ReferralRepository } from '../persistence/referral.repository';
import { referralActor } from '../shared/actor';
import { AttachmentVault } from '../shared/attachment-vault';
import { ReferralStore } from '../shared/referral-store';

export interface AddAttachment {
  id: string;
  expectedVersion: number;
  bytes: Buffer;
  /** the name the uploader gave, decoded (a label only) */
  fileName: string | null;
  /** the SHA-256 the uploader says the file has */
  expectedSha256: string | null;
}

/**
 * A file joins a referral. Everything that can refuse it is checked before a byte is stored: the
 * referral's visibility (404), the caller's side (403), its status and version (409), then the file
 * itself (400/413/415). The ciphertext is stored first, then the attachment is recorded in one
 * transaction (a version and a history line); a crash in between leaves an object no row refers to,
 * which the orphan sweep removes after a day.
 */
@Injectable()
export class AddAttachmentHandler {
  constructor(
    private readonly store: ReferralStore,
    private readonly repository: ReferralRepository,
    private readonly vault: AttachmentVault,
  ) {}

  async execute(command: AddAttachment, p: Principal): Promise<{ state: Readonly<ReferralState>; attachment: Attachment }> {
    const current = await this.repository.find(command.id);
    const referral = current && Referral.restore(current);
    if (!referral?.involves(p.institutionId ?? null)) throw this.store.repository.notFoundError();
    referral.attachingSide(referralActor(p));
    referral.checkVersion(command.expectedVersion);
    const file = checkUpload(command.bytes, { fileName: command.fileName, expectedSha256: command.expectedSha256 });

    const id = randomUUID();
    const envelope = await this.vault.put(command.id, id, file.bytes);
    let attachment: Attachment | undefined;
    try {
      const state = await this.store.step(command.id, command.expectedVersion, p, (r, actor, { at }) => {
        attachment = r.attach(
          actor,
          { id, fileName: file.fileName, mediaType: file.contentType, size: file.size, sha256: file.sha256, envelope },
          at,
        );
      });
      return { state, attachment: attachment! };
    } catch (err) {
      // refused inside the transaction (e.g. a stale version by now): nothing refers to the object
      if (err instanceof DomainError) await this.vault.discard(envelope.objectKey);
      throw err;
    }
  }
}
