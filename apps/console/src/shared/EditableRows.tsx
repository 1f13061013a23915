/**
 * A list of rows a person adds and removes on a form (an agreement's fees, its dispatched staff…): a
 * sentence while it is empty, each row's fields with a button that removes the row, a button that adds
 * one, and the list's own errors under it.
 */
import type { ComponentProps, ReactNode } from 'react';
import { Button, Flex, Form, Typography, type FormListFieldData } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';

export function EditableRows({
  name,
  rules,
  empty,
  add,
  removeLabel,
  newRow,
  row,
}: {
  name: string;
  rules?: ComponentProps<typeof Form.List>['rules'];
  /** the sentence while there is no row */
  empty: string;
  /** the add button's words */
  add: string;
  /** the remove button's accessible name for row n (from 1) */
  removeLabel: (n: number) => string;
  /** the values a new row starts with */
  newRow: object;
  /** a row's fields (n from 0) */
  row: (field: FormListFieldData, n: number) => ReactNode;
}) {
  return (
    <Form.List name={name} rules={rules}>
      {(fields, { add: addRow, remove }, { errors }) => (
        <Flex vertical gap={8}>
          {fields.length === 0 ? <Typography.Text type="secondary">{empty}</Typography.Text> : null}
          {fields.map((field, n) => (
            <Flex key={field.key} gap={8} wrap align="start">
              {row(field, n)}
              <Button type="text" icon={<DeleteOutlined />} aria-label={removeLabel(n + 1)} onClick={() => remove(field.name)} />
            </Flex>
          ))}
          <div>
            <Button icon={<PlusOutlined />} onClick={() => addRow(newRow)}>
              {add}
            </Button>
          </div>
          <Form.ErrorList errors={errors} />
        </Flex>
      )}
    </Form.List>
  );
}
