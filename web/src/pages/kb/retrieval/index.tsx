import { useState } from 'react';
import { Typography } from 'antd';
import { useSearchParams } from 'react-router';
import { PageHeader } from '../../../components/page-header';
import { useT } from '../../../i18n/preferences';
import { RetrievalPanel } from '../retrieval-panel';
import { KB_IDS as IDS } from '../test-ids';

/**
 * 知识库检索 (seed 004 §6): a retrieval over every collection of a knowledge base, as Dify would get it, to try
 * a knowledge base's settings. `?kb=<id>` chooses the knowledge base.
 */
export default function KbRetrievalPage() {
  const t = useT();
  const [params] = useSearchParams();
  const [initialKbId] = useState(() => {
    const id = Number(params.get('kb'));
    return Number.isSafeInteger(id) && id > 0 ? id : undefined;
  });
  return (
    <div data-testid={IDS.page}>
      <PageHeader title={t('kb.retrieval.title')} />
      <Typography.Paragraph type="secondary">{t('kb.retrieval.intro')}</Typography.Paragraph>
      <RetrievalPanel initialKbId={initialKbId} />
    </div>
  );
}
