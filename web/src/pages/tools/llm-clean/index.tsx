import { useState } from 'react';
import { Alert, App, Button, Card, Checkbox, Col, Empty, Flex, Input, Radio, Row, Space, Tag, Typography, theme } from 'antd';
import { ClearOutlined, CopyOutlined, ThunderboltOutlined } from '@ant-design/icons';
import { useMutation } from '@tanstack/react-query';
import { cleanLlmOutput } from '../../../api/tools';
import { usePermission } from '../../../auth/session-hooks';
import { PageHeader } from '../../../components/page-header';
import { TOOLS_CLEAN_IDS as IDS } from '../../../components/test-ids';
import { useT } from '../../../i18n/preferences';
import { copyText } from './copy-text';
import { DEFAULT_FORM, SWITCHES, SWITCH_LABELS, optionsOf, stepLabel, type CleanForm, type CleanMode } from './logic/clean-form';

const MONO = 'ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", monospace';
const PANE_HEIGHT = 420;

/**
 * The LLM-output cleaner (api.md "Tools", `POST /api/tools/llm-clean`): the raw answer on the left, the cleaned
 * one on the right, and the steps the server applied. The rules live in the server (services/vectors
 * llm-clean.ts); this page only chooses options and shows the answer.
 */
export default function ToolsLlmCleanPage() {
  const t = useT();
  const { message } = App.useApp();
  const { token } = theme.useToken();
  const canClean = usePermission().has('tools:clean');
  const [content, setContent] = useState('');
  const [form, setForm] = useState<CleanForm>(DEFAULT_FORM);

  const clean = useMutation({ mutationFn: () => cleanLlmOutput(content, optionsOf(form)) });
  const answer = clean.data;

  async function copy() {
    if (!answer) return;
    if (await copyText(answer.result)) message.success(t('tools.clean.copied'));
    else message.error(t('tools.clean.copyFailed'));
  }

  const options = (
    <Flex wrap gap={16} align="center">
      <Space size={8}>
        <Typography.Text type="secondary">{t('tools.clean.opt.mode')}</Typography.Text>
        <Radio.Group
          optionType="button"
          size="small"
          data-testid={IDS.mode}
          value={form.mode}
          onChange={(e) => setForm({ ...form, mode: e.target.value as CleanMode })}
          options={[
            { value: 'auto', label: t('tools.clean.opt.mode.auto') },
            { value: 'json', label: t('tools.clean.opt.mode.json') },
            { value: 'text', label: t('tools.clean.opt.mode.text') },
          ]}
        />
      </Space>
      <Space size={8}>
        <Typography.Text type="secondary">{t('tools.clean.opt.format')}</Typography.Text>
        <Radio.Group
          optionType="button"
          size="small"
          data-testid={IDS.format}
          value={form.jsonFormat}
          disabled={form.mode === 'text'}
          onChange={(e) => setForm({ ...form, jsonFormat: e.target.value as CleanForm['jsonFormat'] })}
          options={[
            { value: 'pretty', label: t('tools.clean.opt.format.pretty') },
            { value: 'minify', label: t('tools.clean.opt.format.minify') },
          ]}
        />
      </Space>
      {SWITCHES.map((key) => (
        <Checkbox
          key={key}
          data-testid={IDS.option(key)}
          checked={form.switches[key]}
          onChange={(e) => setForm({ ...form, switches: { ...form.switches, [key]: e.target.checked } })}
        >
          {t(SWITCH_LABELS[key])}
        </Checkbox>
      ))}
    </Flex>
  );

  return (
    <div data-testid={IDS.page}>
      <PageHeader
        title={t('tools.clean.title')}
        extra={
          <>
            <Button icon={<ClearOutlined />} data-testid={IDS.clear} onClick={() => { setContent(''); clean.reset(); }} disabled={!content && !answer}>
              {t('tools.clean.clear')}
            </Button>
            <Button
              type="primary"
              icon={<ThunderboltOutlined />}
              data-testid={IDS.run}
              loading={clean.isPending}
              disabled={!canClean || !content}
              onClick={() => clean.mutate()}
            >
              {t('tools.clean.run')}
            </Button>
          </>
        }
      />
      <Typography.Paragraph type="secondary">{t('tools.clean.intro')}</Typography.Paragraph>
      {canClean ? null : <Alert type="info" showIcon style={{ marginBottom: 16 }} data-testid={IDS.noPermission} message={t('tools.clean.noPermission')} />}
      <Card size="small" style={{ marginBottom: 16 }}>{options}</Card>
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={12}>
          <Card
            size="small"
            title={t('tools.clean.input')}
            extra={<Typography.Text type="secondary">{t('tools.clean.size', { chars: content.length })}</Typography.Text>}
          >
            <Input.TextArea
              data-testid={IDS.input}
              value={content}
              onChange={(e) => setContent(e.target.value)}
              placeholder={t('tools.clean.inputPlaceholder')}
              style={{ height: PANE_HEIGHT, fontFamily: MONO, resize: 'vertical' }}
              onKeyDown={(e) => {
                // Ctrl/⌘+Enter cleans, as in most playgrounds.
                if (e.key === 'Enter' && (e.ctrlKey || e.metaKey) && canClean && content) clean.mutate();
              }}
            />
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card
            size="small"
            title={
              <Space>
                {t('tools.clean.output')}
                {answer && 'json' in answer ? <Tag color="green">{t('tools.clean.isJson')}</Tag> : null}
              </Space>
            }
            extra={
              <Button size="small" icon={<CopyOutlined />} data-testid={IDS.copy} disabled={!answer} onClick={() => void copy()}>
                {t('tools.clean.copy')}
              </Button>
            }
          >
            {answer ? (
              <pre
                data-testid={IDS.output}
                style={{
                  height: PANE_HEIGHT, margin: 0, padding: 8, overflow: 'auto', fontFamily: MONO, fontSize: 13,
                  whiteSpace: 'pre-wrap', wordBreak: 'break-word',
                  background: token.colorFillQuaternary, border: `1px solid ${token.colorBorderSecondary}`, borderRadius: token.borderRadius,
                }}
              >
                {answer.result}
              </pre>
            ) : (
              <Flex align="center" justify="center" style={{ height: PANE_HEIGHT }}>
                <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('tools.clean.outputEmpty')} />
              </Flex>
            )}
          </Card>
        </Col>
      </Row>
      {answer ? (
        <Card size="small" title={t('tools.clean.steps')} style={{ marginTop: 16 }} data-testid={IDS.steps}>
          {answer.steps.length === 0 ? (
            <Typography.Text type="secondary">{t('tools.clean.stepsNone')}</Typography.Text>
          ) : (
            <ol style={{ margin: 0, paddingInlineStart: 20 }}>
              {answer.steps.map((s, i) => {
                const label = stepLabel(s.step);
                return (
                  <li key={`${s.step}-${i}`} data-testid={IDS.step(s.step)}>
                    {label ? t(label) : s.step}
                    {s.detail ? <Typography.Text type="secondary" code style={{ marginInlineStart: 8 }}>{s.detail}</Typography.Text> : null}
                  </li>
                );
              })}
            </ol>
          )}
        </Card>
      ) : null}
    </div>
  );
}
