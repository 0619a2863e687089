import { Button, Card, Result } from 'antd';
import { ExportOutlined, LinkOutlined } from '@ant-design/icons';
import { useT } from '../../i18n/preferences';

/** A menu with `isIframe` embeds its `link`; one without shows a button that opens it. */
export function LinkPage({ link, iframe, title }: { link: string; iframe: boolean; title: string }) {
  const t = useT();
  if (iframe) {
    return (
      <Card
        title={title}
        extra={<a href={link} target="_blank" rel="noreferrer"><ExportOutlined /> {t('iframe.openNew')}</a>}
        styles={{ body: { padding: 0 } }}
      >
        <iframe data-testid="menu-iframe" src={link} title={title} style={{ width: '100%', height: 'calc(100vh - 220px)', border: 0 }} />
      </Card>
    );
  }
  return (
    <Result
      icon={<LinkOutlined />}
      title={title}
      subTitle={t('external.desc')}
      extra={<Button type="primary" href={link} target="_blank" rel="noreferrer">{t('iframe.openNew')}</Button>}
    />
  );
}
