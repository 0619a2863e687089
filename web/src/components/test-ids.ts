import type { HTMLAttributes } from 'react';

/** `onRow` props carrying a `data-testid` (antd types rows as plain HTML attributes). */
export function rowTestId(prefix: string) {
  return (record: { id: string | number }): HTMLAttributes<HTMLElement> =>
    ({ 'data-testid': `${prefix}-row-${record.id}` }) as HTMLAttributes<HTMLElement>;
}

/** Extra props for antd's `okButtonProps` / `cancelButtonProps`. */
export function testId(id: string) {
  return { 'data-testid': id } as Record<string, string>;
}
