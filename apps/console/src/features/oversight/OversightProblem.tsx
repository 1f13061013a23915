import type { ComponentProps } from 'react';
import { ProblemAlert } from '../../shared/ProblemAlert';
import { useOversightI18n } from './i18n';

/** An API error as a sentence, with this feature's problem codes (outside the jurisdiction…) known. */
export function OversightProblem(props: Omit<ComponentProps<typeof ProblemAlert>, 't'>) {
  const { t } = useOversightI18n();
  return <ProblemAlert t={t} {...props} />;
}
