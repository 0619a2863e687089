/**
 * The "数据生成" / Open button: a blank tab is opened synchronously on click (browsers block
 * `window.open` after an await), shows a waiting note, and is sent to the instance once it runs.
 */
import { useCallback, useRef, useState } from 'react';
import { Alert, App, Typography } from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import { fetchComfyService } from '../../api/comfy';
import { openComfy } from '../../api/projects';
import type { Id } from '../../api/types';
import { useT } from '../../i18n/preferences';
import { absoluteUrl, launchComfy, OPEN_POLL_TIMEOUT_MS, type LaunchOutcome } from './logic/open-comfy';

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function openBlankTab(waiting: string): Window | null {
  const tab = window.open('', '_blank');
  if (!tab) return null;
  try {
    // The instance is same-origin: do not hand it a handle on the console.
    tab.opener = null;
    tab.document.title = 'ComfyUI';
    tab.document.body.style.font = '16px system-ui, sans-serif';
    tab.document.body.style.padding = '48px';
    tab.document.body.textContent = waiting;
  } catch {
    /* a blank tab we cannot write to still navigates */
  }
  return tab;
}

export interface OpenComfyApi {
  open: (projectId: Id) => void;
  isPending: (projectId: Id) => boolean;
}

export function useOpenComfy(): OpenComfyApi {
  const t = useT();
  const { modal, message } = App.useApp();
  const queryClient = useQueryClient();
  const pendingRef = useRef(new Set<string>());
  const [pending, setPending] = useState<ReadonlySet<string>>(() => new Set());

  const mark = useCallback((key: string, on: boolean) => {
    if (on) pendingRef.current.add(key);
    else pendingRef.current.delete(key);
    setPending(new Set(pendingRef.current));
  }, []);

  const explain = useCallback(
    (outcome: Exclude<LaunchOutcome, { kind: 'ready' } | { kind: 'cancelled' }>) => {
      switch (outcome.kind) {
        case 'forbidden':
          modal.error({
            title: t('workbench.open.forbiddenTitle'),
            content: (
              <div data-testid="project-open-error">
                <Typography.Paragraph>{t('workbench.open.forbidden')}</Typography.Paragraph>
                {outcome.message ? <Typography.Text type="secondary">{t('workbench.open.serverSaid', { msg: outcome.message })}</Typography.Text> : null}
              </div>
            ),
          });
          return;
        case 'failed':
          modal.error({
            title: t('workbench.open.failedTitle'),
            content: (
              <div data-testid="project-open-failed">
                <Typography.Paragraph>{t('workbench.open.failed', { status: t(`workbench.status.${outcome.status}`) })}</Typography.Paragraph>
                <Alert type="error" showIcon title={outcome.lastError || t('workbench.open.noError')} />
              </div>
            ),
          });
          return;
        case 'stopped':
          message.warning(t('workbench.open.stopped'));
          return;
        case 'timeout':
          message.error(t('workbench.open.timeout', { seconds: Math.round(OPEN_POLL_TIMEOUT_MS / 1000) }));
          return;
        case 'error':
          message.error(outcome.message || t('common.loadFailed'));
      }
    },
    [message, modal, t],
  );

  const open = useCallback(
    (projectId: Id) => {
      const key = String(projectId);
      if (pendingRef.current.has(key)) return;
      // Synchronously, inside the click: after the first await the browser would block it.
      const tab = openBlankTab(t('workbench.open.tabLoading'));
      mark(key, true);
      void launchComfy(projectId, {
        open: (id) => openComfy(id),
        fetchService: (serviceId) => fetchComfyService(serviceId, { silent: true }),
        sleep,
        now: Date.now,
        onStarting: () => void queryClient.invalidateQueries({ queryKey: ['workbench'] }),
        // Closing the waiting tab means "never mind"; without a tab (popup blocked) we keep going.
        cancelled: () => tab !== null && tab.closed,
      })
        .then((outcome) => {
          if (outcome.kind === 'ready') {
            const url = absoluteUrl(outcome.url, window.location.origin);
            if (tab && !tab.closed) {
              tab.location.href = url;
            } else {
              modal.info({
                title: t('workbench.open.blockedTitle'),
                content: (
                  <div>
                    <Typography.Paragraph>{t('workbench.open.blocked')}</Typography.Paragraph>
                    <a href={url} target="_blank" rel="noopener noreferrer" data-testid="project-open-link">{t('workbench.open.link')}</a>
                  </div>
                ),
              });
            }
            return;
          }
          if (tab && !tab.closed) tab.close();
          if (outcome.kind !== 'cancelled') explain(outcome);
        })
        .finally(() => {
          mark(key, false);
          void queryClient.invalidateQueries({ queryKey: ['workbench'] });
        });
    },
    [explain, mark, modal, queryClient, t],
  );

  const isPending = useCallback((projectId: Id) => pending.has(String(projectId)), [pending]);
  return { open, isPending };
}
