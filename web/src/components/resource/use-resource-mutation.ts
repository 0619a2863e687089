import { App } from 'antd';
import { useMutation, useQueryClient, type QueryKey } from '@tanstack/react-query';

/** A function that refetches every query under these keys (a list and what shows the same data elsewhere). */
export function useInvalidate(...keys: QueryKey[]): () => Promise<void> {
  const queryClient = useQueryClient();
  return async () => {
    await Promise.all(keys.map((queryKey) => queryClient.invalidateQueries({ queryKey })));
  };
}

export interface ResourceMutationOptions<V, R> {
  mutationFn: (variables: V) => Promise<R>;
  /** The message shown once it worked. */
  success?: string;
  /** Called once it worked, before `refresh` (close a dialog, clear a selection). */
  onSuccess?: (result: R, variables: V) => void;
  /** Refetches what it changed (`usePagedList`'s `refresh`, `useInvalidate`). */
  refresh?: () => unknown;
}

/**
 * A save / remove / toggle of a list page: on success, the page's own step, a message and a refresh. A failure
 * is told by the HTTP layer's toast.
 */
export function useResourceMutation<V = void, R = unknown>({ mutationFn, success, onSuccess, refresh }: ResourceMutationOptions<V, R>) {
  const { message } = App.useApp();
  return useMutation({
    mutationFn,
    onSuccess: (result: R, variables: V) => {
      onSuccess?.(result, variables);
      if (success) message.success(success);
      void refresh?.();
    },
  });
}
