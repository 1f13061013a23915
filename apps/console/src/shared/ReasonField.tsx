/**
 * The reason a person gives for a sanction or a refusal (suspend an institution, reject or end an
 * agreement…): at least 2 characters besides spaces, at most 1000, the count shown as they type. It goes
 * inside an antd Form, under the name "reason".
 */
import type { ReactNode } from 'react';
import { Form, Input } from 'antd';

export const REASON_MAX = 1000;

export function ReasonField({
  label,
  extra,
  optional = false,
  messages,
}: {
  label: ReactNode;
  extra?: ReactNode;
  /** when true, an empty reason is accepted (a short one still is not) */
  optional?: boolean;
  messages: { required: string; tooShort?: string; tooLong: string };
}) {
  return (
    <Form.Item
      name="reason"
      label={label}
      extra={extra}
      rules={[
        optional
          ? { whitespace: true, min: 2, message: messages.tooShort ?? messages.required }
          : { required: true, whitespace: true, min: 2, message: messages.required },
        { max: REASON_MAX, message: messages.tooLong },
      ]}
    >
      <Input.TextArea autoSize={{ minRows: 3, maxRows: 8 }} maxLength={REASON_MAX} showCount />
    </Form.Item>
  );
}
