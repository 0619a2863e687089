import type { ReactNode } from 'react';
import { ReloadOutlined, SearchOutlined } from '@ant-design/icons';
import { Button, Form, Space, type FormInstance } from 'antd';
import { useT } from '../i18n/preferences';

interface SearchFormProps<V> {
  form: FormInstance<V>;
  /** Test ids: the form is `<name>-search`, its search button `<name>-search-submit`. */
  name: string;
  /** Search with the form's values; Reset empties the form and searches with nothing. */
  onSearch: (values: V) => void;
  children: ReactNode;
}

/** The filter row above a list: its fields, then Search and Reset. */
export function SearchForm<V>({ form, name, onSearch, children }: SearchFormProps<V>) {
  const t = useT();
  const reset = () => {
    form.resetFields();
    onSearch({} as V);
  };
  return (
    <Form form={form} layout="inline" style={{ marginBottom: 16, rowGap: 8 }} onFinish={onSearch} data-testid={`${name}-search`}>
      {children}
      <Space>
        <Button type="primary" htmlType="submit" icon={<SearchOutlined />} data-testid={`${name}-search-submit`}>{t('common.search')}</Button>
        <Button icon={<ReloadOutlined />} onClick={reset}>{t('common.reset')}</Button>
      </Space>
    </Form>
  );
}
