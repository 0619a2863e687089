import { Badge, Flex, Progress, Tooltip } from 'antd';
import type { Collection } from '../../api/vectors';
import { VECTOR_IDS } from '../../components/test-ids';
import { useT } from '../../i18n/preferences';
import { taskPercent } from '../../lib/export-answer';

/** A build or sync of the collection is waiting or running. */
export const taskOpen = (c: Collection) => c.task?.status === 'waiting' || c.task?.status === 'active';

/** Building, or a task of it under way: the list refreshes itself, rebuild waits, cancel is offered. */
export const isBusy = (c: Collection) => c.status === 'building' || taskOpen(c);

/**
 * A collection's status: building with its task's progress, ready, or error with the reason in a tooltip.
 * `data-status` / `data-percent` carry the raw values for tests.
 */
export function CollectionStatusCell({ collection: c }: { collection: Collection }) {
  const t = useT();
  const id = VECTOR_IDS.status(c.id);
  if (c.status === 'building' || taskOpen(c)) {
    const percent = taskPercent(c.task);
    const queued = c.task?.status === 'waiting';
    const label = queued ? t('vector.status.queued') : c.status === 'building' ? t('vector.status.building') : t('vector.status.syncing');
    return (
      <Flex vertical gap={2} style={{ minWidth: 140 }} data-testid={id} data-status={c.status === 'building' ? 'building' : 'syncing'} data-percent={percent}>
        <Badge status="processing" text={label} />
        <Progress percent={percent} size="small" status="active" style={{ margin: 0 }} />
      </Flex>
    );
  }
  if (c.status === 'error') {
    const reason = c.lastError || c.task?.error || t('vector.status.errorUnknown');
    return (
      <Tooltip title={reason}>
        <span data-testid={id} data-status="error" data-reason={reason}>
          <Badge status="error" text={t('vector.status.error')} />
        </span>
      </Tooltip>
    );
  }
  return (
    <span data-testid={id} data-status={c.status}>
      <Badge status="success" text={t('vector.status.ready')} />
    </span>
  );
}
