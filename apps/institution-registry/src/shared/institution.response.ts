import { divisionName } from '@yiyang/kernel';
import { InstitutionState } from '../domain/institution';
import { institutionSnapshot } from './institution-snapshot';

/** What the API returns for an institution: its public snapshot, the division's name and its status reason and times. */
export function toResponse(s: Readonly<InstitutionState>, distanceKm?: number | null) {
  return {
    ...institutionSnapshot(s),
    divisionName: divisionName(s.divisionCode) ?? null,
    statusReason: s.statusReason,
    registeredAt: s.registeredAt.toISOString(),
    updatedAt: s.updatedAt.toISOString(),
    operationsUpdatedAt: s.operationsUpdatedAt ? s.operationsUpdatedAt.toISOString() : null,
    ...(distanceKm === undefined || distanceKm === null ? {} : { distanceKm }),
  };
}

export type InstitutionResponse = ReturnType<typeof toResponse>;
