import { theme } from 'antd';
import { highlightSegments } from './logic/highlight';

/** A result's content with the query's words in <mark>: React nodes from the server's offsets, never HTML. */
export function HighlightedText({ content, highlights, testId }: { content: string; highlights: { start: number; end: number }[]; testId?: string }) {
  const { token } = theme.useToken();
  return (
    <div data-testid={testId} style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-word' }}>
      {highlightSegments(content, highlights).map((s, i) =>
        s.mark ? (
          <mark key={i} style={{ background: token.colorWarningBgHover, padding: 0, borderRadius: 2 }}>{s.text}</mark>
        ) : (
          <span key={i}>{s.text}</span>
        ),
      )}
    </div>
  );
}
