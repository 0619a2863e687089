import type { HTMLAttributes } from 'react';

/** `onRow` props carrying a `data-testid` (antd types rows as plain HTML attributes). */
export function rowTestId<R extends object = { id: string | number }>(prefix: string, keyOf: (record: R) => string | number = (r) => (r as { id: string | number }).id) {
  return (record: R): HTMLAttributes<HTMLElement> => ({ 'data-testid': `${prefix}-row-${keyOf(record)}` }) as HTMLAttributes<HTMLElement>;
}

/** Extra props for antd's `okButtonProps` / `cancelButtonProps`. */
export function testId(id: string) {
  return { 'data-testid': id } as Record<string, string>;
}
