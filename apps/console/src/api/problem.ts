/**
 * Every refusal as a human sentence: problem+json (RFC 9457, typed from the services' documents) is
 * turned into one message for the page and one per field it names; nothing raw reaches the screen.
 */
import type { components } from './registry';
import type { MessageKey } from '../i18n/messages';
import type { Translate } from '../i18n/i18n';

export type ProblemBody = components['schemas']['Problem'];

/** A failed API call: the HTTP status, the problem the service sent (if it sent one), Retry-After. */
export class ApiProblem extends Error {
  constructor(
    readonly status: number,
    readonly problem: Partial<ProblemBody> | undefined,
    readonly retryAfterSeconds?: number,
  ) {
    super(problem?.detail ?? `HTTP ${status}`);
    this.name = 'ApiProblem';
  }
}

/** status 0: the request never got an answer (network down, server unreachable). */
export const networkProblem = () => new ApiProblem(0, undefined);

export interface ProblemSentences {
  /** the sentence for the page (a banner or a message) */
  message: string;
  /** the service's field errors, each with its sentence, to show next to the field */
  fields: { field: string; message: string }[];
}

function byStatus(problem: ApiProblem, t: Translate): string {
  const { status } = problem;
  const detail = problem.problem?.detail ?? '';
  if (status === 0) return t('problemNetwork');
  if (status === 503 || status === 502 || status === 504) return t('problemUnavailable');
  if (status >= 500) return t('problem5xx');
  if (status === 422) return t('problem422', { detail });
  if (status === 429) return t('problem429', { seconds: problem.retryAfterSeconds ?? 60 });
  const key = `problem${status}` as MessageKey;
  return ['problem400', 'problem401', 'problem403', 'problem404', 'problem409', 'problem413', 'problem428'].includes(key)
    ? t(key)
    : t('problem400');
}

/**
 * The sentences for an error: a known problem code has its own sentence, otherwise the status decides;
 * `fieldLabel` turns the API's field names into the form's labels.
 */
export function describeProblem(error: unknown, t: Translate, fieldLabel: (field: string) => string = (f) => f): ProblemSentences {
  const problem = error instanceof ApiProblem ? error : networkProblem();
  const code = problem.problem?.code;
  const codeKey = code ? (`problemCode_${code}` as MessageKey) : undefined;
  const message = codeKey && t(codeKey) !== codeKey ? t(codeKey) : byStatus(problem, t);
  const fields = (problem.problem?.errors ?? []).map((e) => ({
    field: e.field,
    message: t('problemField', { field: fieldLabel(e.field), message: e.message }),
  }));
  return { message, fields };
}
