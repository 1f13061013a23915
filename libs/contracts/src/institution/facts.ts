import { InstitutionCategory, InstitutionKind, InstitutionStatus } from './vocabulary';

/** What a consuming service keeps of an institution (its read model of institution.events). */
export interface InstitutionFacts {
  institutionId: string;
  category: InstitutionCategory;
  kind: InstitutionKind;
  status: InstitutionStatus;
  divisionCode: string;
  location: { lat: number; lng: number };
}
