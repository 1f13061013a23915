import { Injectable } from '@nestjs/common';
import { Principal, assertActsFor, hasRole } from '@yiyang/auth';
import { FreeBedType } from '@yiyang/contracts';
import { ValidationError } from '@yiyang/kernel';
import { Institution } from '../domain/institution';
import { InstitutionChanges } from '../shared/institution-changes';
import { InstitutionResponse } from '../shared/institution.response';

/** What the administrator reports: the bed types given replace their figures; a null phone clears it, an absent one keeps it. */
export interface OperationsReport {
  freeBeds?: Partial<Record<FreeBedType, number | undefined>>;
  referralPhone?: string | null;
}

export interface UpdateOperations {
  id: string;
  expectedVersion: number;
  report: OperationsReport;
}

type OperationsPatch = Parameters<Institution['updateOperations']>[0];

/**
 * An institution's own administrators (or a registrar) report its free beds and referral phone;
 * another institution's administrator is answered as if it did not exist (404, before any look-up).
 */
@Injectable()
export class UpdateOperationsHandler {
  constructor(private readonly changes: InstitutionChanges) {}

  execute(command: UpdateOperations, principal: Principal): Promise<InstitutionResponse> {
    if (!hasRole(principal, 'registrar')) assertActsFor(principal, command.id);
    const patch = operationsPatch(command.report);
    return this.changes.apply(command.id, command.expectedVersion, principal, (i, at) => i.updateOperations(patch, at));
  }
}

/** The fields the report names; one that names nothing is refused. */
function operationsPatch(report: OperationsReport): OperationsPatch {
  const has = (k: keyof OperationsReport) => Object.prototype.hasOwnProperty.call(report, k) && report[k] !== undefined;
  const patch: OperationsPatch = {};
  if (has('freeBeds')) {
    const freeBeds = Object.entries({ ...report.freeBeds }).filter((e): e is [FreeBedType, number] => e[1] !== undefined);
    if (freeBeds.length === 0) throw new ValidationError([{ field: 'freeBeds', message: 'names no bed type' }]);
    patch.freeBeds = Object.fromEntries(freeBeds);
  }
  if (has('referralPhone')) patch.referralPhone = report.referralPhone ?? null;
  if (Object.keys(patch).length === 0)
    throw new ValidationError([{ field: 'body', message: 'names no field to change (freeBeds, referralPhone)' }]);
  return patch;
}
