import { Principal } from '@yiyang/auth';
import { NotFoundError } from '@yiyang/kernel';
import { ErrorCodes } from '../domain/error-codes';
import { Attachment, Referral, ReferralState } from '../domain/referral';
import { referralActor } from './actor';

/** What a client sees of an attachment: never where or how it is stored. */
export function toAttachmentResponse(a: Attachment) {
  return {
    id: a.id,
    fileName: a.fileName,
    mediaType: a.mediaType,
    size: a.size,
    /** SHA-256 of the file, lower-case hex */
    sha256: a.sha256,
    /** which side attached it */
    side: a.side,
    uploadedAt: a.at.toISOString(),
  };
}

/**
 * A referral's attachments, for staff of the sending or the receiving institution only. Anyone else,
 * regulators included (they read a masked referral, never its files), gets the referral's 404.
 */
export function attachmentsFor(s: Readonly<ReferralState> | null, p: Principal): readonly Attachment[] {
  const actor = referralActor(p);
  if (!s || !(Referral.isStaffOf(actor, s.from.institutionId) || Referral.isStaffOf(actor, s.to.institutionId))) {
    throw new NotFoundError('referral', ErrorCodes.REFERRAL_NOT_FOUND);
  }
  return s.attachments;
}
