import { useCallback, useEffect, useRef, useState } from 'react';
import { exportGenerationLogs, type ExportTask, type LogFilters } from '../../api/stats';
import { useT } from '../../i18n/preferences';
import { taskPercent } from '../../lib/export-answer';

export type ExportState =
  | { phase: 'idle' }
  | { phase: 'requesting' }
  | { phase: 'task'; taskId: string; percent: number; status: string }
  | { phase: 'done'; filename: string }
  | { phase: 'error'; message: string };

/**
 * Runs an export: the file right away (200), or a background task polled every second with its
 * progress (202), then the download. Leaving the page stops the polling (the task itself goes on).
 */
export function useExport() {
  const t = useT();
  const [state, setState] = useState<ExportState>({ phase: 'idle' });
  const controller = useRef<AbortController | null>(null);

  useEffect(() => () => controller.current?.abort(), []);

  const start = useCallback(
    async (filters: LogFilters) => {
      controller.current?.abort();
      const abort = new AbortController();
      controller.current = abort;
      setState({ phase: 'requesting' });
      try {
        const result = await exportGenerationLogs(filters, {
          signal: abort.signal,
          onTask: (task: ExportTask) => {
            if (!abort.signal.aborted) setState({ phase: 'task', taskId: task.id, percent: taskPercent(task), status: String(task.status) });
          },
        });
        if (!abort.signal.aborted) setState({ phase: 'done', filename: result.filename });
        return result;
      } catch (error) {
        if ((error as Error)?.name === 'AbortError' || abort.signal.aborted) return null;
        setState({ phase: 'error', message: (error as Error)?.message || t('stats.export.failed') });
        return null;
      } finally {
        if (controller.current === abort) controller.current = null;
      }
    },
    [t],
  );

  const cancel = useCallback(() => {
    controller.current?.abort();
    controller.current = null;
    setState({ phase: 'idle' });
  }, []);

  const dismiss = useCallback(() => setState({ phase: 'idle' }), []);

  const busy = state.phase === 'requesting' || state.phase === 'task';
  return { state, busy, start, cancel, dismiss };
}
