import { useEffect } from 'react';
import { App, Form, Input, type FormRule } from 'antd';
import { useMutation } from '@tanstack/react-query';
import { ApiError } from '../../api/http';
import { createProject, updateProject, type Project } from '../../api/projects';
import { FormModal } from '../../components/resource/form-modal';
import type { MessageKey } from '../../i18n/messages';
import { useT, type TFunction } from '../../i18n/preferences';
import {
  PROJECT_NAME_MAX, PROJECT_NOTE_MAX, projectFieldProblem, toProjectInput, type ProjectField, type ProjectFormValues,
} from './logic/project-form';

export type ProjectEditing = { mode: 'create' } | { mode: 'edit'; project: Project };

const PROBLEM_KEYS: Record<ProjectField, Record<string, MessageKey>> = {
  name: { required: 'workbench.form.nameRequired', tooLong: 'workbench.form.nameTooLong' },
  code: { required: 'workbench.form.codeRequired', pattern: 'workbench.form.codePattern' },
  note: { tooLong: 'workbench.form.noteTooLong' },
};

function rule(field: ProjectField, t: TFunction): FormRule {
  return {
    // `required` only marks the label; the validator decides (it trims first).
    required: field !== 'note',
    validator: async (_, value) => {
      const problem = projectFieldProblem(field, value);
      if (problem) throw new Error(t(PROBLEM_KEYS[field][problem], { max: field === 'name' ? PROJECT_NAME_MAX : PROJECT_NOTE_MAX }));
    },
  };
}

/** Create or edit a project; a duplicate code (409) is shown on the code field. */
export function ProjectFormModal({ editing, onClose, onSaved }: { editing: ProjectEditing | null; onClose: () => void; onSaved: (p: Project) => void }) {
  const t = useT();
  const { message } = App.useApp();
  const [form] = Form.useForm<ProjectFormValues>();

  useEffect(() => {
    if (!editing) return;
    form.resetFields();
    if (editing.mode === 'edit') {
      const { name, code, note } = editing.project;
      form.setFieldsValue({ name, code, note: note ?? '' });
    }
  }, [editing, form]);

  const save = useMutation({
    mutationFn: (values: ProjectFormValues) => {
      const input = toProjectInput(values);
      return editing?.mode === 'edit' ? updateProject(editing.project.id, input, { silent: true }) : createProject(input, { silent: true });
    },
    onSuccess: (project) => {
      message.success(editing?.mode === 'edit' ? t('common.saved') : t('workbench.created'));
      onSaved(project);
    },
    onError: (error) => {
      if (error instanceof ApiError && error.code === 409) {
        form.setFields([{ name: 'code', errors: [error.message || t('workbench.form.codeTaken')] }]);
      } else {
        message.error((error as Error).message || t('common.loadFailed'));
      }
    },
  });

  return (
    <FormModal
      form={form}
      open={!!editing}
      title={editing?.mode === 'edit' ? t('workbench.edit') : t('workbench.create')}
      onClose={onClose}
      onSubmit={(values) => save.mutate(values)}
      pending={save.isPending}
      testId="project-form"
    >
      <Form.Item name="name" label={t('workbench.name')} rules={[rule('name', t)]}>
        <Input maxLength={PROJECT_NAME_MAX} showCount data-testid="project-form-name" />
      </Form.Item>
      <Form.Item name="code" label={t('workbench.code')} extra={t('workbench.form.codeHint')} rules={[rule('code', t)]}>
        <Input maxLength={32} data-testid="project-form-code" />
      </Form.Item>
      <Form.Item name="note" label={t('workbench.note')} rules={[rule('note', t)]}>
        <Input.TextArea rows={4} maxLength={PROJECT_NOTE_MAX} showCount data-testid="project-form-note" />
      </Form.Item>
    </FormModal>
  );
}
