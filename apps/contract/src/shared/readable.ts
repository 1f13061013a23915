import { Principal } from '@yiyang/auth';
import { withinJurisdiction } from '@yiyang/kernel';
import { AgreementState } from '../domain/agreement';

/** Staff of either party, and regulators whose jurisdiction holds either party, read an agreement; others get 404. */
export function readableBy(s: Readonly<AgreementState>, p: Principal): boolean {
  const party = p.institutionId === s.elderlyParty.institutionId || p.institutionId === s.medicalParty.institutionId;
  const regulator =
    p.roles.includes('regulator') &&
    !!p.division &&
    (withinJurisdiction(s.elderlyParty.divisionCode, p.division) || withinJurisdiction(s.medicalParty.divisionCode, p.division));
  return party || regulator;
}
