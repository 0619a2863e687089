import type { ReactNode } from 'react';
import { Button, Popconfirm, Tooltip } from 'antd';
import { PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { Auth } from '../../auth/auth';
import { useT } from '../../i18n/preferences';
import type { PermRequirement } from '../../lib/permission';
import { testId } from '../test-ids';

interface RowActionProps {
  testId: string;
  onClick: () => void;
  icon?: ReactNode;
  danger?: boolean;
  disabled?: boolean;
  loading?: boolean;
  /** Asks first, with this question; the OK button is `popconfirm-ok`. */
  confirm?: ReactNode;
  /** The question is shown but cannot be confirmed (a menu with children). */
  confirmBlocked?: boolean;
  tooltip?: ReactNode;
  children: ReactNode;
}

/** A link button of a table row or tree node, asking first when `confirm` is given. */
export function RowAction({ testId: id, onClick, confirm, confirmBlocked, tooltip, children, ...button }: RowActionProps) {
  const link = (
    <Button type="link" size="small" {...button} data-testid={id} onClick={confirm ? undefined : onClick}>
      {children}
    </Button>
  );
  const shown = tooltip ? <Tooltip title={tooltip}>{link}</Tooltip> : link;
  if (!confirm) return shown;
  return (
    <Popconfirm
      destroyOnHidden
      title={confirm}
      disabled={button.disabled}
      onConfirm={onClick}
      okButtonProps={{ danger: button.danger, disabled: confirmBlocked, ...testId('popconfirm-ok') }}
    >
      {shown}
    </Popconfirm>
  );
}

/** The primary "new …" button of a page header, for holders of `perm`. */
export function CreateButton({ perm, testId: id, onClick, children }: { perm: PermRequirement; testId: string; onClick: () => void; children: ReactNode }) {
  return (
    <Auth perm={perm}>
      <Button type="primary" icon={<PlusOutlined />} data-testid={id} onClick={onClick}>
        {children}
      </Button>
    </Auth>
  );
}

/** 刷新: refetches the page's data; spins while a refetch runs (not on the first load). */
export function RefreshButton({ onClick, loading, testId: id }: { onClick: () => unknown; loading: boolean; testId: string }) {
  const t = useT();
  return (
    <Button icon={<ReloadOutlined />} onClick={() => void onClick()} loading={loading} data-testid={id}>
      {t('common.refresh')}
    </Button>
  );
}
