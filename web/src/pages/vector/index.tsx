import { useState } from 'react';
import { Alert, Card, Tabs } from 'antd';
import { usePermission } from '../../auth/session-hooks';
import { PageHeader } from '../../components/page-header';
import { CreateButton } from '../../components/resource/actions';
import { VECTOR_IDS } from '../../components/test-ids';
import { useT } from '../../i18n/preferences';
import { CollectionsTab } from './collections-tab';
import { ConnectionsTab } from './connections-tab';
import { VECTOR_PERM } from './keys';
import { CreateWizard } from './wizard/create-wizard';

/**
 * 向量管理: the vector collections (built from source tables, kept in sync on a schedule) and, for managers,
 * the source connections they read from. Sources are only ever read.
 */
export default function VectorPage() {
  const t = useT();
  const canManage = usePermission().has(VECTOR_PERM);
  const [tab, setTab] = useState('collections');
  // Each opening of the wizard mounts a fresh one.
  const [wizard, setWizard] = useState({ open: false, run: 0 });

  return (
    <div data-testid={VECTOR_IDS.page}>
      <PageHeader
        title={t('vector.title')}
        extra={
          tab === 'collections' ? (
            <CreateButton perm={VECTOR_PERM} testId={VECTOR_IDS.create} onClick={() => setWizard((w) => ({ open: true, run: w.run + 1 }))}>
              {t('vector.create')}
            </CreateButton>
          ) : null
        }
      />
      <Alert type="info" showIcon style={{ marginBottom: 16 }} title={t('vector.readOnlyNote')} data-testid={VECTOR_IDS.readOnlyNote} />
      <Card>
        <Tabs
          activeKey={tab}
          onChange={setTab}
          items={[
            { key: 'collections', label: <span data-testid={VECTOR_IDS.tabCollections}>{t('vector.tab.collections')}</span>, children: <CollectionsTab /> },
            ...(canManage
              ? [{ key: 'connections', label: <span data-testid={VECTOR_IDS.tabConnections}>{t('vector.tab.connections')}</span>, children: <ConnectionsTab /> }]
              : []),
          ]}
        />
      </Card>
      <CreateWizard key={wizard.run} open={wizard.open} onClose={() => setWizard((w) => ({ ...w, open: false }))} />
    </div>
  );
}
