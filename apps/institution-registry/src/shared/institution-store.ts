import { Inject, Injectable } from '@nestjs/common';
import { EventTypes, InstitutionEventType, Topics, TypedEvent } from '@yiyang/contracts';
import { Clock, assertNever } from '@yiyang/kernel';
import { AggregateDefinition, AggregateStore, CLOCK, UnitOfWork, reasonOf } from '@yiyang/platform';
import { Institution, InstitutionChange, InstitutionState } from '../domain/institution';
import { InstitutionRow } from '../persistence/institution.entity';
import { InstitutionRepository } from '../persistence/institution.repository';
import { institutionSnapshot } from './institution-snapshot';

/** The event a recorded change becomes; every event carries the institution as it stands after the change. */
function institutionEvent(change: InstitutionChange, state: Readonly<InstitutionState>, version: number): TypedEvent<InstitutionEventType> {
  const institution = institutionSnapshot(state, version);
  switch (change.kind) {
    case 'registered':
      return { type: EventTypes.institution.registered, data: { institution } };
    case 'updated':
      return { type: EventTypes.institution.updated, data: { institution, changed: change.changed } };
    case 'suspended':
      return { type: EventTypes.institution.suspended, data: { institution, reason: change.reason } };
    case 'reinstated':
      return { type: EventTypes.institution.reinstated, data: { institution, reason: change.reason } };
    case 'revoked':
      return { type: EventTypes.institution.revoked, data: { institution, reason: change.reason } };
    case 'licence-expired':
      return { type: EventTypes.institution.licenceExpired, data: { institution, licence: change.licence } };
    case 'operations-updated':
      return { type: EventTypes.institution.operationsUpdated, data: { institution, changed: change.changed } };
    default:
      return assertNever(change);
  }
}

/**
 * How an institution is written, published and audited: on institution.events, keyed by its id,
 * divided by its division; its audit entries concern the institution itself (its staff and the
 * regulators over its division read them), with the registrar's reason for a status change.
 */
export const institutionDefinition: AggregateDefinition<Institution, InstitutionState, InstitutionChange, InstitutionEventType> = {
  name: 'institution',
  topic: Topics.institution,
  resourcePath: (id) => `/v1/institutions/${id}`,
  event: institutionEvent,
  division: (s) => s.divisionCode,
  // an institution's staff see their own institution only
  involves: (institution, institutionId) => institution.id === institutionId,
  parties: (s) => [{ institutionId: s.id, division: s.divisionCode }],
  reason: (change) => reasonOf(change),
};

/**
 * Every write to the registry goes through here: the institution's change, its row and its events
 * commit in one transaction (the outbox), under a row lock and a version check.
 */
@Injectable()
export class InstitutionStore extends AggregateStore<
  Institution,
  InstitutionState,
  InstitutionChange,
  InstitutionEventType,
  InstitutionRow
> {
  constructor(uow: UnitOfWork, @Inject(CLOCK) clock: Clock, repository: InstitutionRepository) {
    super(uow, clock, repository, institutionDefinition);
  }
}
