// 大模型输出清洁 as people use it, in real Chromium against the real gateway and vectors service: admin pastes a
// reasoning model's answer (a <think> block, a fence, a lead-in, a trailing comma) → Clean shows the repaired
// JSON beside the input and the steps in words → Copy → "treat as text" keeps the text a text.
import t from 'tap';
import { builtWebDist, launchChromium, openPage, loginInBrowser } from '../../scripts/test/browser.js';
import { ADMIN_PASSWORD, startPlatform } from '../../services/gateway/test/platform.js';
import { TOOLS_CLEAN_IDS as C } from '../src/components/test-ids.js';

const webDist = builtWebDist();

const p = await startPlatform(t, { webDist, backends: ['vectors'] });
const browser = await launchChromium();
t.teardown(() => browser.close());
const { page, id, cspViolations } = await openPage(t, browser);

/** A screenshot when SCREENSHOT_DIR is set (to look at the page after a run). */
const shot = (name: string) => (process.env.SCREENSHOT_DIR ? page.screenshot({ path: `${process.env.SCREENSHOT_DIR}/tools-clean-${name}.png`, fullPage: true }).catch(() => {}) : undefined);

const MESSY = '<think>\n用户要 JSON。\n</think>\n以下是结果：\n```json\n{"name": "张三", "tags": ["a", "b",],}\n```\n希望对你有帮助';

t.test('clean a reasoning model’s answer', async (t) => {
  await loginInBrowser(page, p, 'admin', ADMIN_PASSWORD);
  await page.goto(`${p.url}/tools/llm-clean`);
  await id(C.page).waitFor();
  t.ok(await id(C.run).isDisabled(), 'nothing to clean yet');
  await id(C.input).fill(MESSY);
  await id(C.run).click();
  await id(C.output).waitFor();
  t.equal(await id(C.output).innerText(), '{\n  "name": "张三",\n  "tags": [\n    "a",\n    "b"\n  ]\n}');
  for (const step of ['strip_think', 'strip_fences', 'strip_boilerplate', 'repair_json', 'format_json']) {
    t.ok(await id(C.step(step)).isVisible(), `step ${step} listed`);
  }
  t.match(await id(C.step('strip_think')).innerText(), /去除推理过程/, 'in words, in the console’s language');
  t.equal(await id(C.input).inputValue(), MESSY, 'the input stays beside the result');
  await shot('json');

  await id(C.copy).click();
  await page.getByText('已复制').waitFor();
  t.pass('copied');
});

t.test('treat as text: no JSON is extracted', async (t) => {
  await id(C.mode).getByText('按文本处理').click();
  await id(C.run).click();
  await page.waitForFunction((testId) => !document.querySelector(`[data-testid="${testId}"]`)?.textContent?.startsWith('{'), C.output);
  t.equal(await id(C.output).innerText(), '以下是结果：\n{"name": "张三", "tags": ["a", "b",],}\n希望对你有帮助');
  t.equal(await id(C.step('repair_json')).count(), 0, 'nothing repaired');
  t.same(cspViolations, [], 'nothing was blocked by the console’s CSP');
});
