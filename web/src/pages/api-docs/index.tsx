/**
 * API docs: the gateway's Swagger UI (/api/docs, same origin) over the merged document of every service,
 * framed here. The page's search box filters the operations by path, summary, permission and service: the
 * phrase is handed to the framed page by message, which answers with how many operations match. "Try it"
 * in the frame calls the API with the signed-in user's token (the frame reads it from this origin's storage).
 */
import { useEffect, useRef, useState } from 'react';
import { Alert, Card, Flex, Input, Typography } from 'antd';
import { PageHeader } from '../../components/page-header';
import { useCurrentRoute } from '../../components/route-meta';
import { usePreferences } from '../../i18n/preferences';
import { API_DOCS_IDS as IDS, STRINGS } from './strings';

type FrameMessage =
  | { type: 'xl-api-docs:ready'; total: number; unavailable: string[] }
  | { type: 'xl-api-docs:filtered'; phrase: string; matched: number }
  | { type: 'xl-api-docs:error'; status: number; message: string };

const DOCS_URL = '/api/docs';

function frameMessage(data: unknown): FrameMessage | null {
  if (typeof data !== 'object' || data === null) return null;
  const type = (data as { type?: unknown }).type;
  return type === 'xl-api-docs:ready' || type === 'xl-api-docs:filtered' || type === 'xl-api-docs:error' ? (data as FrameMessage) : null;
}

export default function ApiDocsPage() {
  const { locale, menuTitle } = usePreferences();
  const s = STRINGS[locale];
  const route = useCurrentRoute();
  const frame = useRef<HTMLIFrameElement>(null);
  const [phrase, setPhrase] = useState('');
  const phraseRef = useRef(phrase);
  phraseRef.current = phrase;
  const [doc, setDoc] = useState<{ total: number; unavailable: string[] } | null>(null);
  const [matched, setMatched] = useState<{ phrase: string; matched: number } | null>(null);
  const [error, setError] = useState<{ status: number; message: string } | null>(null);

  const sendFilter = (value: string) => frame.current?.contentWindow?.postMessage({ type: 'xl-api-docs:filter', phrase: value }, window.location.origin);

  useEffect(() => {
    function onMessage(event: MessageEvent) {
      if (event.origin !== window.location.origin || event.source !== frame.current?.contentWindow) return;
      const message = frameMessage(event.data);
      if (!message) return;
      if (message.type === 'xl-api-docs:ready') {
        setError(null);
        setDoc({ total: message.total, unavailable: message.unavailable });
        if (phraseRef.current.trim()) sendFilter(phraseRef.current);
      } else if (message.type === 'xl-api-docs:filtered') {
        setMatched({ phrase: message.phrase, matched: message.matched });
      } else {
        setError({ status: message.status, message: message.message });
      }
    }
    window.addEventListener('message', onMessage);
    return () => window.removeEventListener('message', onMessage);
  }, []);

  // Typing filters after a short pause; the frame re-renders its operation list on each filter.
  useEffect(() => {
    if (!doc) return;
    const timer = setTimeout(() => sendFilter(phrase), 200);
    return () => clearTimeout(timer);
  }, [phrase, doc]);

  const filtering = phrase.trim() !== '';
  const current = filtering && matched?.phrase === phrase;
  const count = !doc ? s.loading : current ? s.matched(matched.matched, doc.total) : s.total(doc.total);
  // The phrase the count is for (none while the frame has not answered yet).
  const countedPhrase = doc && (current || !filtering) ? phrase : undefined;

  return (
    <div data-testid={IDS.page}>
      <PageHeader
        title={route ? menuTitle(route.path, route.title) : s.title}
        extra={
          <Flex gap={12} align="center" wrap>
            <Typography.Text type="secondary" data-testid={IDS.count} data-phrase={countedPhrase}>
              {count}
            </Typography.Text>
            <Input.Search
              allowClear
              value={phrase}
              onChange={(e) => setPhrase(e.target.value)}
              onSearch={(value) => sendFilter(value)}
              placeholder={s.search}
              style={{ width: 360, maxWidth: '100%' }}
              data-testid={IDS.search}
            />
          </Flex>
        }
      />
      <Flex vertical gap={12} style={{ marginBottom: 12 }}>
        <Typography.Text type="secondary">{s.hint}</Typography.Text>
        {doc && doc.unavailable.length > 0 ? (
          <Alert type="warning" showIcon title={s.unavailable(doc.unavailable.join('、'))} data-testid={IDS.unavailable} />
        ) : null}
        {error ? (
          <Alert
            type="error"
            showIcon
            title={error.status === 403 ? s.forbidden : s.failed(error.message || String(error.status))}
            data-testid={IDS.error}
          />
        ) : null}
      </Flex>
      <Card styles={{ body: { padding: 0 } }}>
        <iframe
          ref={frame}
          src={DOCS_URL}
          title={s.frameTitle}
          data-testid={IDS.frame}
          style={{ display: 'block', width: '100%', height: 'calc(100vh - 260px)', minHeight: 560, border: 0, background: '#fff' }}
        />
      </Card>
    </div>
  );
}
