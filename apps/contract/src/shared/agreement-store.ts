import { Inject, Injectable } from '@nestjs/common';
import { AgreementEventType, AgreementSnapshot, EventTypes, Topics, TypedEvent } from '@yiyang/contracts';
import { Clock, assertNever } from '@yiyang/kernel';
import { DirectoryRepository } from '@yiyang/directory';
import {
  AggregateDefinition,
  AggregateStore,
  AuditedActor,
  CLOCK,
  ChangeOptions,
  UnitOfWork,
  WriteContext,
  reasonOf,
} from '@yiyang/platform';
import type { DocumentType } from '@yiyang/storage';
import { Agreement, AgreementChange, AgreementState, DraftChange, PartyFacts } from '../domain/agreement';
import { AgreementRow } from '../persistence/agreement.entity';
import { AgreementRepository } from '../persistence/agreement.repository';

const party = ({ institutionId, category, kind, divisionCode, location }: PartyFacts) => ({
  institutionId,
  category,
  kind,
  divisionCode,
  location: { lat: location.lat, lng: location.lng },
});

/**
 * What events carry of an agreement at version `version` (history line v holds the status it produced):
 * parties with divisions, mode, services, term, status — no staff names, no fees.
 */
function agreementSnapshot(s: Readonly<AgreementState>, version: number): AgreementSnapshot {
  return {
    id: s.id,
    version,
    status: s.history[version - 1]?.to ?? s.status,
    mode: s.mode,
    elderlyParty: party(s.elderlyParty),
    medicalParty: party(s.medicalParty),
    services: s.services.map((x) => ({ code: x.code, frequency: x.frequency })),
    term: { ...s.term },
    staffCount: s.staff.length,
    staffFiled: s.staff.length > 0 && s.staff.every((x) => x.multiSiteFiled),
    predecessorId: s.predecessorId,
    proposedBy: s.proposedBy,
    revision: s.revision,
    sanctions: s.sanctions.map((x) => ({ ...x })),
    terminationOn: s.termination?.effectiveOn ?? null,
    amendmentPending: s.amendment !== null,
  };
}

/** The event a recorded change becomes; a DRAFT's edits, documents and withdrawal publish none (no one else has seen the draft). */
function agreementEvent(
  change: AgreementChange | DraftChange,
  s: Readonly<AgreementState>,
  version: number,
): TypedEvent<AgreementEventType> | null {
  const T = EventTypes.agreement;
  const agreement = agreementSnapshot(s, version);
  switch (change.kind) {
    case 'submitted':
      return { type: T.submitted, data: { agreement } };
    case 'renewed':
      return { type: T.renewed, data: { agreement, predecessorId: change.predecessorId } };
    case 'countersigned':
      return { type: T.countersigned, data: { agreement } };
    case 'activated':
      return { type: T.activated, data: { agreement } };
    case 'rejected':
      return { type: T.rejected, data: { agreement, reason: change.reason } };
    case 'withdrawn':
      return { type: T.withdrawn, data: { agreement, reason: change.reason } };
    case 'termination-scheduled':
      return { type: T.terminationScheduled, data: { agreement, effectiveOn: change.effectiveOn, reason: change.reason } };
    case 'terminated':
      return { type: T.terminated, data: { agreement, effectiveOn: change.effectiveOn, reason: change.reason } };
    case 'expiring':
      return {
        type: T.expiring,
        data: { agreement, daysBefore: change.daysBefore, daysLeft: change.daysLeft, effectiveTo: s.term.effectiveTo },
      };
    case 'expired':
      return { type: T.expired, data: { agreement } };
    case 'amendment-proposed':
      return {
        type: T.amendmentProposed,
        data: { agreement, revision: change.revision, proposedBy: s.amendment?.proposedBy ?? s.proposedBy },
      };
    case 'amended':
      return { type: T.amended, data: { agreement, revision: change.revision } };
    case 'amendment-rejected':
      return { type: T.amendmentRejected, data: { agreement, revision: change.revision, reason: change.reason } };
    case 'party-sanctioned':
      return { type: T.partySanctioned, data: { agreement, institutionId: change.institutionId, sanction: change.sanction } };
    case 'party-reinstated':
      return { type: T.partyReinstated, data: { agreement, institutionId: change.institutionId } };
    case 'document-attached': {
      const d = s.documents[change.version - 1];
      const document = {
        version: d.version,
        sha256: d.sha256,
        mediaType: d.mediaType as DocumentType,
        sizeBytes: d.sizeBytes,
        fileName: d.fileName,
      };
      return { type: T.documentAttached, data: { agreement, ...document } };
    }
    case 'draft-edited':
    case 'draft-withdrawn':
    case 'draft-document-attached':
      return null;
    default:
      return assertNever(change);
  }
}

/**
 * How an agreement is written, published and audited: on agreement.events, keyed by its id, divided by
 * the elderly-care party's division; either party's staff may act on it, and its audit entries concern
 * both parties (a DRAFT's edits included, which publish nothing).
 */
export const agreementDefinition: AggregateDefinition<Agreement, AgreementState, AgreementChange | DraftChange, AgreementEventType> = {
  name: 'agreement',
  topic: Topics.agreement,
  resourcePath: (id) => `/v1/agreements/${id}`,
  event: agreementEvent,
  division: (s) => s.elderlyParty.divisionCode,
  involves: (agreement, institutionId) => agreement.involves(institutionId),
  parties: (s) => [
    { institutionId: s.elderlyParty.institutionId, division: s.elderlyParty.divisionCode },
    { institutionId: s.medicalParty.institutionId, division: s.medicalParty.divisionCode },
  ],
  // a sanction's reason is the sanction itself; the rest give theirs as text (a rejection, a withdrawal, a termination)
  reason: (change) => (change.kind === 'party-sanctioned' ? change.sanction : reasonOf(change)),
};

/**
 * Every write to agreements (HTTP use cases, the scheduler, the sanction watch): row, history, revisions
 * and events in one transaction, under a row lock and a version check. Events are keyed by agreement id
 * and divided by the elderly-care party's division; either party's staff may act on it.
 */
@Injectable()
export class AgreementStore extends AggregateStore<
  Agreement,
  AgreementState,
  AgreementChange | DraftChange,
  AgreementEventType,
  AgreementRow
> {
  constructor(
    uow: UnitOfWork,
    @Inject(CLOCK) clock: Clock,
    override readonly repository: AgreementRepository,
    private readonly directory: DirectoryRepository,
  ) {
    super(uow, clock, repository, agreementDefinition);
  }

  /**
   * `change`, held to the two parties' current facts: they are read and locked after the agreement, until
   * the transaction ends, so what is signed or edited meets them (a lapsed licence, a suspension refuses it).
   */
  async changeWithParties(
    id: string,
    options: ChangeOptions,
    actor: AuditedActor,
    apply: (agreement: Agreement, parties: PartiesFacts, ctx: WriteContext) => Promise<void> | void,
  ): Promise<Readonly<AgreementState>> {
    return this.change(id, options, actor, async (a, ctx) => {
      const { elderlyParty, medicalParty } = a.snapshot;
      await apply(a, await this.directory.pairForUpdate(ctx.tx.em, elderlyParty.institutionId, medicalParty.institutionId), ctx);
    });
  }
}

/** The two parties' facts as the directory holds them now. */
export type PartiesFacts = Awaited<ReturnType<DirectoryRepository['pairForUpdate']>>;
