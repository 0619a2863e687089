import { useState, type ReactNode } from 'react';
import { Form, Modal, type FormInstance } from 'antd';
import { testId } from '../test-ids';

interface FormModalProps<V> {
  form: FormInstance<V>;
  open: boolean;
  title: ReactNode;
  onClose: () => void;
  onSubmit: (values: V) => void;
  pending: boolean;
  /** The form's test id; its OK button is `<testId>-submit`. */
  testId: string;
  width?: number;
  children: ReactNode;
}

/** A dialog holding one vertical form: OK submits it (validation first), Cancel closes. */
export function FormModal<V>({ form, open, title, onClose, onSubmit, pending, testId: id, width, children }: FormModalProps<V>) {
  return (
    <Modal
      open={open}
      width={width}
      title={title}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={pending}
      okButtonProps={testId(`${id}-submit`)}
      forceRender
    >
      <Form form={form} layout="vertical" onFinish={onSubmit} data-testid={id}>
        {children}
      </Form>
    </Modal>
  );
}

/**
 * What a form dialog works on (`null`: closed) and its form. `open` starts from a clean form holding
 * `values`, so nothing of the last opening stays.
 */
export function useEditor<T, V>() {
  const [form] = Form.useForm<V>();
  const [target, setTarget] = useState<T | null>(null);
  return {
    form,
    target,
    open: (next: T, values?: Partial<V>) => {
      form.resetFields();
      if (values) form.setFieldsValue(values as Parameters<typeof form.setFieldsValue>[0]);
      setTarget(next);
    },
    close: () => setTarget(null),
  };
}

export type Editor<T, V> = ReturnType<typeof useEditor<T, V>>;
