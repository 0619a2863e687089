import { useCallback, useEffect, useMemo, useState } from 'react';
import { Alert, Button, Drawer, Flex, Form, Steps } from 'antd';
import { useMutation, useQueries, useQuery } from '@tanstack/react-query';
import { createCollection, listWizardDatabases, listWizardFields, type SourceFieldInfo } from '../../../api/vectors';
import { useInvalidate } from '../../../components/resource/use-resource-mutation';
import { VECTOR_IDS } from '../../../components/test-ids';
import { useT } from '../../../i18n/preferences';
import { COLLECTIONS_KEY, WIZARD_KEY } from '../keys';
import { useDebounced } from '../use-debounced';
import { DEFAULT_SETTINGS, joinDrafts, joinsComplete, planOf, type IndexSettings, type JoinDraft } from '../logic/wizard-plan';
import { PreviewPane, usePreview } from './preview-pane';
import { BuildProgress, BuildSummary } from './step-build';
import { needsPrimaryKey, StepFields } from './step-fields';
import { StepSettings } from './step-settings';
import { StepConnection, StepTables } from './step-source';

const STEPS = ['connection', 'tables', 'fields', 'preview', 'settings', 'build'] as const;

/**
 * 新建集合: connection → tables → fields and joins → preview → index settings → build. Every step reads the
 * source through the vectors service (read-only); nothing is stored until the last step's create. Mount it
 * with a new `key` per opening, so each opening starts clean.
 */
export function CreateWizard({ open, onClose }: { open: boolean; onClose: () => void }) {
  const t = useT();
  const [step, setStep] = useState(0);
  const [dbId, setDbId] = useState<number | null>(null);
  const [tables, setTables] = useState<string[]>([]);
  const [fieldKeys, setFieldKeys] = useState<string[]>([]);
  const [seeded, setSeeded] = useState<string[]>([]);
  const [joinEdits, setJoinEdits] = useState<JoinDraft[]>([]);
  const [primaryKey, setPrimaryKey] = useState<string[]>([]);
  const [settings, setSettings] = useState<Partial<IndexSettings>>(DEFAULT_SETTINGS);
  const [settingsForm] = Form.useForm<IndexSettings>();
  const [created, setCreated] = useState<{ id: number; taskId: string } | null>(null);
  const refreshList = useInvalidate(COLLECTIONS_KEY);

  const databases = useQuery({ queryKey: [...WIZARD_KEY, 'databases'], queryFn: listWizardDatabases, enabled: open });
  const fieldQueries = useQueries({
    queries: tables.map((table) => ({
      queryKey: [...WIZARD_KEY, 'fields', dbId, table],
      queryFn: () => listWizardFields(dbId!, table),
      enabled: open && dbId !== null,
      staleTime: 60_000,
    })),
  });
  const fieldsByTable = useMemo(() => new Map(tables.map((table, i) => [table, fieldQueries[i]?.data])), [tables, fieldQueries]);
  const fieldsOf = useCallback((table: string) => fieldsByTable.get(table), [fieldsByTable]);

  // A table's fields start all chosen the first time they load; a table taken away takes its fields along.
  useEffect(() => {
    const fresh = tables.filter((table) => !seeded.includes(table) && fieldsByTable.get(table));
    const gone = seeded.filter((table) => !tables.includes(table));
    if (!fresh.length && !gone.length) return;
    const tableOf = (key: string) => key.slice(0, key.lastIndexOf('.'));
    setFieldKeys((keys) => [
      ...keys.filter((k) => !gone.includes(tableOf(k))),
      ...fresh.flatMap((table) => (fieldsByTable.get(table) ?? []).map((f: SourceFieldInfo) => f.key)),
    ]);
    setSeeded((s) => [...s.filter((table) => !gone.includes(table)), ...fresh]);
  }, [tables, seeded, fieldsByTable]);

  const joins = useMemo(() => joinDrafts(tables, fieldsOf, joinEdits), [tables, fieldsOf, joinEdits]);
  const mainFields = tables[0] ? fieldsOf(tables[0]) : undefined;
  const keyNeeded = needsPrimaryKey(mainFields);
  const plan = useMemo(
    () => planOf(dbId ?? 0, tables, fieldKeys, joins, { ...settings, primaryKey: keyNeeded ? primaryKey.filter((k) => k.startsWith(`${tables[0]}.`)) : undefined }),
    [dbId, tables, fieldKeys, joins, settings, keyNeeded, primaryKey],
  );
  // Beside the template: the preview once typing has paused.
  const settledPlan = useDebounced(plan, 600);
  // The preview step's answer decides whether it may be left forward (the query is shared with the pane).
  const previewEnabled = STEPS[step] === 'preview';
  const preview = usePreview(plan, previewEnabled);

  const create = useMutation({
    mutationFn: () => createCollection({ ...plan, title: (settings.title ?? '').trim() }),
    onSuccess: (answer) => {
      setCreated({ id: answer.id, taskId: answer.taskId });
      void refreshList();
    },
  });
  const onBuildDone = useCallback(() => void refreshList(), [refreshList]);

  const canNext = [
    dbId !== null,
    tables.length > 0,
    fieldKeys.length > 0 && joinsComplete(joins) && tables.every((table) => fieldsByTable.get(table)) && (!keyNeeded || plan.advancedConfig.primaryKey?.length),
    previewEnabled ? preview.isSuccess && !preview.isFetching : true,
    true,
    false,
  ][step];

  const next = async () => {
    if (STEPS[step] === 'settings') {
      try {
        setSettings(await settingsForm.validateFields());
      } catch {
        return;
      }
    }
    setStep((s) => Math.min(s + 1, STEPS.length - 1));
  };

  const chooseDb = (id: number) => {
    if (id === dbId) return;
    setDbId(id);
    setTables([]);
    setJoinEdits([]);
  };

  const dbName = databases.data?.find((d) => d.id === dbId)?.name ?? '';
  const stepTitles = [
    t('vector.wizard.step.connection'),
    t('vector.wizard.step.tables'),
    t('vector.wizard.step.fields'),
    t('vector.wizard.step.preview'),
    t('vector.wizard.step.settings'),
    t('vector.wizard.step.build'),
  ];

  const footer = (
    <Flex justify="space-between">
      <Button onClick={() => setStep((s) => s - 1)} disabled={step === 0 || !!created} data-testid={VECTOR_IDS.wizardPrev}>
        {t('vector.wizard.prev')}
      </Button>
      {STEPS[step] === 'build' ? (
        created ? (
          <Button type="primary" onClick={onClose} data-testid={VECTOR_IDS.wizardClose}>
            {t('vector.wizard.build.close')}
          </Button>
        ) : (
          <Button type="primary" loading={create.isPending} onClick={() => create.mutate()} data-testid={VECTOR_IDS.wizardBuild}>
            {t('vector.wizard.build.submit')}
          </Button>
        )
      ) : (
        <Button type="primary" disabled={!canNext} onClick={() => void next()} data-testid={VECTOR_IDS.wizardNext}>
          {t('vector.wizard.next')}
        </Button>
      )}
    </Flex>
  );

  return (
    <Drawer
      open={open}
      onClose={onClose}
      size={1000}
      title={t('vector.wizard.title')}
      footer={footer}
      destroyOnHidden
      data-testid={VECTOR_IDS.wizard}
    >
      <Steps
        size="small"
        current={step}
        style={{ marginBottom: 24 }}
        items={stepTitles.map((title) => ({ title }))}
        data-testid={VECTOR_IDS.wizardStep}
        data-step={STEPS[step]}
      />
      <Alert type="info" showIcon style={{ marginBottom: 16 }} title={t('vector.readOnlyNote')} />
      {STEPS[step] === 'connection' && <StepConnection dbId={dbId} onChange={chooseDb} />}
      {STEPS[step] === 'tables' && dbId !== null && <StepTables dbId={dbId} tables={tables} onChange={setTables} />}
      {STEPS[step] === 'fields' && (
        <StepFields
          tables={tables}
          fieldsOf={fieldsOf}
          loading={(table) => fieldQueries[tables.indexOf(table)]?.isFetching ?? false}
          fieldKeys={fieldKeys}
          onFieldKeys={setFieldKeys}
          joins={joins}
          onJoins={setJoinEdits}
          primaryKey={primaryKey}
          onPrimaryKey={setPrimaryKey}
        />
      )}
      {STEPS[step] === 'preview' && <PreviewPane plan={plan} />}
      {STEPS[step] === 'settings' && (
        <>
          <StepSettings form={settingsForm} initial={settings} mainFields={mainFields ?? []} onChange={setSettings} />
          {settledPlan.advancedConfig.template && <PreviewPane plan={settledPlan} />}
        </>
      )}
      {STEPS[step] === 'build' &&
        (created ? (
          <BuildProgress taskId={created.taskId} onDone={onBuildDone} />
        ) : (
          <BuildSummary plan={plan} title={settings.title ?? ''} dbName={dbName} />
        ))}
    </Drawer>
  );
}
