import type { HTMLAttributes } from 'react';

/** `onRow` props carrying a `data-testid` (antd types rows as plain HTML attributes). */
export function rowTestId<R extends object = { id: string | number }>(prefix: string, keyOf: (record: R) => string | number = (r) => (r as { id: string | number }).id) {
  return (record: R): HTMLAttributes<HTMLElement> => ({ 'data-testid': `${prefix}-row-${keyOf(record)}` }) as HTMLAttributes<HTMLElement>;
}

/** Extra props for antd's `okButtonProps` / `cancelButtonProps`. */
export function testId(id: string) {
  return { 'data-testid': id } as Record<string, string>;
}

/**
 * The vector pages' test ids (pages/vector), shared with the browser test (test/vectors.browser.test.ts) so a
 * renamed id fails the type check rather than the run. Row ids are `<name>-row-<id>` (ResourceTable).
 */
export const VECTOR_IDS = {
  page: 'vector-page',
  readOnlyNote: 'vector-readonly-note',
  tabCollections: 'vector-tab-collections',
  tabConnections: 'vector-tab-connections',
  // Collections
  table: 'vector',
  create: 'vector-create',
  keyword: 'vector-search-keyword',
  statusFilter: 'vector-search-status',
  bulkDelete: 'vector-bulk-delete',
  export: 'vector-export',
  autoRefresh: 'vector-auto-refresh',
  status: (id: number | string) => `vector-status-${id}`,
  enabled: (id: number | string) => `vector-enabled-${id}`,
  rename: (id: number | string) => `vector-rename-${id}`,
  sync: (id: number | string) => `vector-sync-${id}`,
  rebuild: (id: number | string) => `vector-rebuild-${id}`,
  recall: (id: number | string) => `vector-recall-${id}`,
  recallForm: 'vector-recall-form',
  recallRun: 'vector-recall-run',
  recallResult: 'vector-recall-result',
  cancel: (id: number | string) => `vector-cancel-${id}`,
  remove: (id: number | string) => `vector-delete-${id}`,
  renameForm: 'vector-rename-form',
  renameTitle: 'vector-rename-title',
  rebuildForm: 'vector-rebuild-form',
  rebuildModel: 'vector-rebuild-model',
  syncForm: 'vector-sync-form',
  syncEnabled: 'vector-sync-enabled',
  syncExpression: 'vector-sync-expression',
  syncPreset: (key: string) => `vector-sync-preset-${key}`,
  syncNext: 'vector-sync-next',
  syncInvalid: 'vector-sync-invalid',
  syncNow: 'vector-sync-now',
  // The creation wizard
  wizard: 'vector-wizard',
  wizardStep: 'vector-wizard-step',
  wizardPrev: 'vector-wizard-prev',
  wizardNext: 'vector-wizard-next',
  wizardConnection: (id: number | string) => `vector-wizard-connection-${id}`,
  wizardTables: 'vector-wizard-tables',
  wizardMain: (table: string) => `vector-wizard-main-${table}`,
  wizardFields: (table: string) => `vector-wizard-fields-${table}`,
  wizardJoin: (table: string) => `vector-wizard-join-${table}`,
  wizardPreview: 'vector-wizard-preview',
  wizardPreviewRow: 'vector-wizard-preview-row',
  wizardPreviewError: 'vector-wizard-preview-error',
  wizardSettings: 'vector-wizard-settings',
  wizardTitle: 'vector-wizard-title',
  wizardModel: 'vector-wizard-model',
  wizardBuild: 'vector-wizard-build',
  wizardProgress: 'vector-wizard-progress',
  wizardClose: 'vector-wizard-close',
  // Source connections
  connTable: 'vector-conn',
  connCreate: 'vector-conn-create',
  connForm: 'vector-conn-form',
  connField: (field: string) => `vector-conn-form-${field}`,
  connTest: (id: number | string) => `vector-conn-test-${id}`,
  connTestResult: (id: number | string) => `vector-conn-test-result-${id}`,
  connEdit: (id: number | string) => `vector-conn-edit-${id}`,
  connDelete: (id: number | string) => `vector-conn-delete-${id}`,
} as const;

/** The LLM-output cleaner's test ids (pages/tools/llm-clean). */
export const TOOLS_CLEAN_IDS = {
  page: 'tools-clean-page',
  input: 'tools-clean-input',
  mode: 'tools-clean-mode',
  format: 'tools-clean-format',
  option: (key: string) => `tools-clean-opt-${key}`,
  run: 'tools-clean-run',
  clear: 'tools-clean-clear',
  output: 'tools-clean-output',
  copy: 'tools-clean-copy',
  steps: 'tools-clean-steps',
  step: (key: string) => `tools-clean-step-${key}`,
  noPermission: 'tools-clean-no-permission',
} as const;

/** The vector search page's test ids (pages/vector-search), shared with test/vector-search.browser.test.ts. */
export const SEARCH_IDS = {
  page: 'search-page',
  noPermission: 'search-no-permission',
  collection: 'search-collection',
  query: 'search-query',
  type: 'search-type',
  compare: 'search-compare',
  topK: 'search-topk',
  threshold: 'search-threshold',
  filterAdd: 'search-filter-add',
  filterColumn: (i: number) => `search-filter-column-${i}`,
  filterValues: (i: number) => `search-filter-values-${i}`,
  filterRemove: (i: number) => `search-filter-remove-${i}`,
  advanced: 'search-advanced',
  fusionK: 'search-fusion-k',
  vectorWeight: 'search-fusion-vector-weight',
  keywordWeight: 'search-fusion-keyword-weight',
  run: 'search-run',
  prompt: 'search-prompt',
  /** One results pane: `single`, or the type in compare mode. */
  pane: (name: string) => `search-pane-${name}`,
  took: (name: string) => `search-took-${name}`,
  error: (name: string) => `search-error-${name}`,
  empty: (name: string) => `search-empty-${name}`,
  result: (name: string, rank: number) => `search-result-${name}-${rank}`,
  score: 'search-score',
  content: 'search-content',
  metadata: 'search-metadata',
} as const;
