/**
 * The referral service's refusals as sentences (this feature's codes first, then the console's), and
 * each one next to the field it is about: the field errors the service names, and the business rules
 * that concern one field (no agreement with that institution → under "receiving institution").
 */
import type { ComponentProps } from 'react';
import type { FormInstance } from 'antd';
import { ProblemAlert } from '../../shared/ProblemAlert';
import { describeProblem } from '../../api/problem';
import { useReferralI18n, type ReferralTranslate } from './i18n';

type NamePath = (string | number)[];

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

export interface PlacedProblem {
  message: string;
  /** sentences to set on the form's fields (only fields the form has) */
  fields: { name: NamePath; errors: string[] }[];
}

/**
 * The sentence for the page and those for the form's fields; `known` lists the form's fields as "a.b"
 * paths, `alias` sends the service's field to the form's (a birth date the form derives from the ID
 * number is shown under the ID number).
 */
export function placeProblem(
  error: unknown,
  t: ReferralTranslate,
  fieldLabel: (field: string) => string,
  known: ReadonlySet<string>,
  alias: Readonly<Record<string, string>> = {},
): PlacedProblem {
  const { message, fields } = describeProblem(error, t, fieldLabel);
  const placed = new Map<string, string[]>();
  for (const f of fields) {
    const field = alias[f.field] ?? f.field;
    if (known.has(field)) placed.set(field, [...(placed.get(field) ?? []), f.message]);
  }
  const code = (error as { problem?: { code?: string } } | undefined)?.problem?.code;
  const codeField = code ? CODE_FIELDS[code]?.join('.') : undefined;
  if (codeField && known.has(codeField)) placed.set(codeField, [...(placed.get(codeField) ?? []), message]);
  return { message, fields: [...placed.entries()].map(([path, errors]) => ({ name: path.split('.'), errors })) };
}

/** Puts a refusal's sentences under the fields of an antd form. */
export function showOnForm(form: FormInstance, placed: PlacedProblem): void {
  if (placed.fields.length > 0) form.setFields(placed.fields.map((f) => ({ name: f.name, errors: f.errors })));
}

/** A refusal as a sentence (never raw JSON), in this feature's words, with the service's field errors under it. */
export function ReferralProblem(props: Omit<ComponentProps<typeof ProblemAlert>, 't'>) {
  const { t } = useReferralI18n();
  return <ProblemAlert t={t} {...props} />;
}
