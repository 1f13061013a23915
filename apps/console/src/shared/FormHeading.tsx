/**
 * The top of a long form kept as a draft (useFormDraft), alike in every feature: its title, a paragraph
 * that says how it works and, when the form came back from this tab's draft, a banner that says so with
 * a way to start over; and its cancel button, which drops the draft.
 */
import type { ReactNode } from 'react';
import { Alert, Button, Typography } from 'antd';

export interface RestoredDraft {
  /** the sentence that says the draft came back */
  message: string;
  /** the button's words: discard the draft and start over */
  discard: string;
  onDiscard(): void;
}

export function FormHeading({ title, intro, restored }: { title: ReactNode; intro: ReactNode; restored?: RestoredDraft | false }) {
  return (
    <>
      <Typography.Title level={2} style={{ margin: 0 }}>
        {title}
      </Typography.Title>
      <Typography.Paragraph style={{ margin: 0 }}>{intro}</Typography.Paragraph>
      {restored ? (
        <Alert
          type="info"
          showIcon
          title={restored.message}
          action={
            <Button size="small" onClick={restored.onDiscard}>
              {restored.discard}
            </Button>
          }
        />
      ) : null}
    </>
  );
}

/** Leaving a form kept as a draft: the draft goes with it (a later visit starts empty). */
export function CancelForm({ draft, onCancel, label }: { draft: { clear(): void }; onCancel(): void; label: ReactNode }) {
  return (
    <Button
      onClick={() => {
        draft.clear();
        onCancel();
      }}
    >
      {label}
    </Button>
  );
}
