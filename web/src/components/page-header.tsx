import type { ReactNode } from 'react';
import { Flex, Typography } from 'antd';

/** Title row of a page with its toolbar on the right. */
export function PageHeader({ title, extra, testId }: { title: ReactNode; extra?: ReactNode; testId?: string }) {
  return (
    <Flex justify="space-between" align="center" wrap gap={8} style={{ marginBottom: 16 }} data-testid={testId}>
      <Typography.Title level={4} style={{ margin: 0 }}>{title}</Typography.Title>
      {extra ? <Flex gap={8} wrap>{extra}</Flex> : null}
    </Flex>
  );
}
