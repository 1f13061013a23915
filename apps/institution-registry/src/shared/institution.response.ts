import { divisionName } from '@yiyang/kernel';
import { InstitutionState } from '../domain/institution';
import { toSnapshot } from './institution-events';

/** What the API returns for an institution (public registry facts, never internal bookkeeping). */
export function toResponse(s: Readonly<InstitutionState>, distanceKm?: number | null) {
  return {
    ...toSnapshot(s),
    divisionName: divisionName(s.divisionCode) ?? null,
    statusReason: s.statusReason,
    registeredAt: s.registeredAt.toISOString(),
    updatedAt: s.updatedAt.toISOString(),
    operationsUpdatedAt: s.operationsUpdatedAt ? s.operationsUpdatedAt.toISOString() : null,
    ...(distanceKm === undefined || distanceKm === null ? {} : { distanceKm }),
  };
}

export type InstitutionResponse = ReturnType<typeof toResponse>;
