import { Inject, Injectable } from '@nestjs/common';
import { REFERRAL_PRIORITIES, ReferralDirection, ReferralPriority, ReferralStatus, RejectionReason } from '@yiyang/contracts';
import { FieldCipher, maskResidentId } from '@yiyang/kernel';
import { historyLineOf } from '@yiyang/platform';
import { RESIDENT_INDEX, ResidentIndex } from '../shared/resident-index';
import { Attachment, Clinical, CoverService, Notes, Patient, ReferralState, Side } from '../domain/referral';
import { ReferralAttachmentRow, ReferralHistoryRow, ReferralRow } from './referral.entity';

export const FIELD_CIPHER = Symbol('FIELD_CIPHER');

/**
 * Row ↔ state. The resident and the clinical text are sealed here, with the referral id as
 * associated data, so plaintext never reaches SQL (nor a log of a failed statement). The resident's
 * ID number is also indexed here (keyed blind index, ADR 0005) under the key that seals the row, so
 * the index follows the seal: every write re-seals and re-indexes with the current data key.
 */
@Injectable()
export class ReferralMapper {
  constructor(
    @Inject(FIELD_CIPHER) private readonly cipher: FieldCipher,
    @Inject(RESIDENT_INDEX) private readonly residentIndex: ResidentIndex,
  ) {}

  toRow(s: Readonly<ReferralState>): ReferralRow {
    const patient = this.cipher.seal(JSON.stringify(s.patient), s.id);
    const resident = this.residentIndex.of(s.patient.idNumber);
    const clinical = this.cipher.seal(JSON.stringify({ clinical: s.clinical, notes: s.notes }), s.id);
    const m = s.milestones;
    return Object.assign(new ReferralRow(), {
      id: s.id,
      version: s.version,
      status: s.status,
      direction: s.direction,
      priority: s.priority,
      priorityRank: REFERRAL_PRIORITIES.indexOf(s.priority),
      fromId: s.from.institutionId,
      toId: s.to.institutionId,
      fromDivision: s.from.divisionCode,
      toDivision: s.to.divisionCode,
      parties: { from: s.from, to: s.to },
      agreementId: s.agreementId,
      via: s.via,
      patientRef: s.patientRef,
      maskedId: maskResidentId(s.patient.idNumber),
      indication: s.clinical.indication,
      deadlineAt: s.deadlineAt,
      expiresAt: s.expiresAt,
      requestedAt: m.requestedAt,
      receivedAt: m.receivedAt,
      answeredAt: m.answeredAt,
      arrivedAt: m.arrivedAt,
      completedAt: m.completedAt,
      closedAt: m.closedAt,
      overdueAt: m.overdueAt,
      claimedBy: s.claimedBy,
      expectedArrivalAt: s.expectedArrivalAt,
      rejectionReason: s.rejectionReason,
      parentId: s.parentReferralId,
      linkedId: s.linkedReferralId,
      keyId: patient.keyId,
      patientSealed: patient.sealed,
      clinicalSealed: clinical.sealed,
      residentIndex: resident.index,
      residentIndexKeyId: resident.keyId,
      createdAt: s.createdAt,
      updatedAt: s.updatedAt,
    });
  }

  /** An attachment's row: its file name sealed with the attachment id as associated data. */
  toAttachmentRow(referralId: string, a: Attachment, position: number): ReferralAttachmentRow {
    const name = this.cipher.seal(a.fileName, a.id);
    return Object.assign(new ReferralAttachmentRow(), {
      id: a.id,
      referralId,
      position,
      mediaType: a.mediaType,
      size: a.size,
      sha256: a.sha256,
      side: a.side,
      uploadedBy: a.uploadedBy,
      uploadedAt: a.at,
      objectKey: a.envelope.objectKey,
      keyId: a.envelope.keyId,
      wrappedKey: a.envelope.wrappedKey,
      iv: a.envelope.iv,
      tag: a.envelope.tag,
      nameKeyId: name.keyId,
      fileNameSealed: name.sealed,
    });
  }

  toAttachment(row: ReferralAttachmentRow): Attachment {
    return {
      id: row.id,
      fileName: this.cipher.open(row.nameKeyId, row.fileNameSealed, row.id),
      mediaType: row.mediaType,
      size: Number(row.size),
      sha256: row.sha256,
      side: row.side as Side,
      uploadedBy: row.uploadedBy,
      at: row.uploadedAt,
      envelope: { objectKey: row.objectKey, keyId: row.keyId, wrappedKey: row.wrappedKey, iv: row.iv, tag: row.tag },
    };
  }

  toState(row: ReferralRow, history: ReferralHistoryRow[], attachments: ReferralAttachmentRow[] = []): ReferralState {
    const patient = JSON.parse(this.cipher.open(row.keyId, row.patientSealed, row.id)) as Patient;
    const { clinical, notes } = JSON.parse(this.cipher.open(row.keyId, row.clinicalSealed, row.id)) as { clinical: Clinical; notes: Notes };
    return {
      id: row.id,
      version: row.version,
      status: row.status as ReferralStatus,
      direction: row.direction as ReferralDirection,
      priority: row.priority as ReferralPriority,
      from: row.parties.from,
      to: row.parties.to,
      agreementId: row.agreementId,
      via: row.via as CoverService,
      patient,
      patientRef: row.patientRef,
      clinical,
      deadlineAt: row.deadlineAt,
      expiresAt: row.expiresAt,
      milestones: {
        requestedAt: row.requestedAt,
        receivedAt: row.receivedAt,
        answeredAt: row.answeredAt,
        arrivedAt: row.arrivedAt,
        completedAt: row.completedAt,
        closedAt: row.closedAt,
        overdueAt: row.overdueAt,
      },
      claimedBy: row.claimedBy,
      expectedArrivalAt: row.expectedArrivalAt,
      rejectionReason: row.rejectionReason as RejectionReason | null,
      notes,
      parentReferralId: row.parentId,
      linkedReferralId: row.linkedId,
      history: history.map((h) => ({ ...historyLineOf<ReferralStatus>(h), actorName: h.actorName ?? null, code: h.code })),
      attachments: attachments.map((a) => this.toAttachment(a)),
      createdAt: row.createdAt,
      updatedAt: row.updatedAt,
    };
  }
}
