import { Alert, Form, Input, Select } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { fetchEmbeddingModels, rebuildCollection, renameCollection, type Collection, type EmbeddingModel } from '../../api/vectors';
import { requiredRule } from '../../components/form-rules';
import { FormModal, type Editor } from '../../components/resource/form-modal';
import { useResourceMutation } from '../../components/resource/use-resource-mutation';
import { VECTOR_IDS } from '../../components/test-ids';
import { useT, type TFunction } from '../../i18n/preferences';
import { titleAvailableRule } from './title-rule';

export const EMBEDDING_MODELS_KEY = ['vectors', 'embedding-models'] as const;

/** The embedding models to choose from (cached: they change with the server's configuration only). */
export function useEmbeddingModels(enabled = true) {
  return useQuery({ queryKey: EMBEDDING_MODELS_KEY, queryFn: fetchEmbeddingModels, enabled, staleTime: 60_000 });
}

/** A model as an option: its name, its provider and dimension when known, and whether it is the default. */
export function modelOptions(models: readonly EmbeddingModel[] | undefined, t: TFunction) {
  return (models ?? []).map((m) => {
    const notes = [
      m.provider === 'lexical' ? t('vector.wizard.settings.modelLexical') : m.provider,
      m.dimension ? t('vector.modelDim', { dimension: m.dimension }) : null,
      m.isDefault ? t('vector.wizard.settings.modelDefault') : null,
    ].filter(Boolean);
    return { value: m.model, label: `${m.model} (${notes.join(', ')})` };
  });
}

/** Renames a collection; the new title is checked with check-name first. */
export function RenameModal({ editor, refresh }: { editor: Editor<Collection, { title: string }>; refresh: () => unknown }) {
  const t = useT();
  const target = editor.target;
  const save = useResourceMutation({
    mutationFn: ({ title }: { title: string }) => renameCollection(target!.id, title.trim()),
    success: t('common.saved'),
    onSuccess: editor.close,
    refresh,
  });
  return (
    <FormModal
      form={editor.form}
      open={!!target}
      title={t('vector.rename.title')}
      onClose={editor.close}
      onSubmit={(values) => save.mutate(values)}
      pending={save.isPending}
      testId={VECTOR_IDS.renameForm}
    >
      <Form.Item
        name="title"
        label={t('vector.col.title')}
        validateTrigger={['onChange', 'onBlur']}
        rules={[requiredRule(t, t('vector.col.title')), { max: 100 }, titleAvailableRule(t, target?.title)]}
      >
        <Input data-testid={VECTOR_IDS.renameTitle} maxLength={100} />
      </Form.Item>
    </FormModal>
  );
}

/** Rebuilds a collection, with another embedding model when one is chosen. */
export function RebuildModal({ editor, refresh }: { editor: Editor<Collection, { embeddingModel?: string }>; refresh: () => unknown }) {
  const t = useT();
  const target = editor.target;
  const models = useEmbeddingModels(!!target);
  const chosen = Form.useWatch('embeddingModel', editor.form);
  const rebuild = useResourceMutation({
    mutationFn: ({ embeddingModel }: { embeddingModel?: string }) =>
      rebuildCollection(target!.id, embeddingModel && embeddingModel !== target!.embeddingModel ? embeddingModel : undefined),
    success: t('vector.rebuildStarted'),
    onSuccess: editor.close,
    refresh,
  });
  return (
    <FormModal
      form={editor.form}
      open={!!target}
      title={t('vector.rebuild.title', { title: target?.title ?? '' })}
      onClose={editor.close}
      onSubmit={(values) => rebuild.mutate(values)}
      pending={rebuild.isPending}
      testId={VECTOR_IDS.rebuildForm}
    >
      <Alert type="warning" showIcon style={{ marginBottom: 16 }} title={t('vector.rebuild.desc')} />
      <Form.Item name="embeddingModel" label={t('vector.rebuild.model')}>
        <Select loading={models.isLoading} options={modelOptions(models.data, t)} data-testid={VECTOR_IDS.rebuildModel} />
      </Form.Item>
      {target && chosen && chosen !== target.embeddingModel && (
        <Alert type="info" showIcon title={t('vector.rebuild.modelChange', { from: target.embeddingModel, to: chosen })} />
      )}
    </FormModal>
  );
}
