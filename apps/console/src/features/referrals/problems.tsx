/**
 * The referral service's refusals as sentences (this feature's codes first, then the console's), and
 * each one next to the field it is about: the field errors the service names, and the business rules
 * that concern one field (no agreement with that institution → under "receiving institution").
 */
import type { ComponentProps } from 'react';
import { ProblemAlert } from '../../shared/ProblemAlert';
import type { NamePath, ProblemPlacement } from '../../shared/placeProblem';
import { useReferralI18n } from './i18n';

/** Problem codes that are about one field of a form, by form. */
export const CODE_FIELDS: Record<string, NamePath> = {
  AGREEMENT_REQUIRED: ['toInstitutionId'],
  PARTY_NOT_ACTIVE: ['toInstitutionId'],
  PARTY_UNKNOWN: ['toInstitutionId'],
  SAME_INSTITUTION: ['toInstitutionId'],
  DIRECTION_MISMATCH: ['toInstitutionId'],
  INDICATION_DIRECTION_MISMATCH: ['indication'],
  ARRIVAL_BEFORE_REQUEST: ['expectedArrivalAt'],
  DISCHARGE_SUMMARY_REQUIRED: ['dischargeSummary'],
  RETURN_ONLY_AFTER_UP: ['returnTo'],
};

/**
 * Where a refusal's sentences go on a referral form (the shared placeProblem puts them there): `known`
 * lists the form's fields as "a.b" paths, `alias` sends the service's field to the form's (a birth date
 * the form derives from the ID number is shown under the ID number).
 */
export function referralPlacement(
  fieldLabel: (field: string) => string,
  known: ReadonlySet<string>,
  alias: Readonly<Record<string, string>> = {},
): ProblemPlacement {
  const onForm = (path: string) => (known.has(path) ? path.split('.') : undefined);
  return {
    label: fieldLabel,
    field: (apiField) => onForm(alias[apiField] ?? apiField),
    codes: Object.fromEntries(Object.entries(CODE_FIELDS).filter(([, name]) => known.has(name.join('.')))),
  };
}

/** A refusal as a sentence (never raw JSON), in this feature's words, with the service's field errors under it. */
export function ReferralProblem(props: Omit<ComponentProps<typeof ProblemAlert>, 't'>) {
  const { t } = useReferralI18n();
  return <ProblemAlert t={t} {...props} />;
}
