import { InstitutionCategory, InstitutionKind, InstitutionStatus } from './vocabulary';

/** What a consuming service keeps of an institution (its read model of institution.events). */
export interface InstitutionFacts {
  institutionId: string;
  category: InstitutionCategory;
  kind: InstitutionKind;
  status: InstitutionStatus;
  divisionCode: string;
  location: { lat: number; lng: number };
  /**
   * The last day of the medical practice licence (医疗机构执业许可证) as last published; null for an
   * institution without one (an elderly-care institution). Absent where a caller built facts by hand.
   */
  licenceValidTo?: string | null;
}

/**
 * Whether a medical institution's practice licence is in force on `today` (a China-time date): an
 * institution without a licence field in its facts is not judged here (its category's rules apply).
 */
export function licenceInForce(facts: Pick<InstitutionFacts, 'licenceValidTo'>, today: string): boolean {
  return facts.licenceValidTo == null || facts.licenceValidTo >= today;
}
