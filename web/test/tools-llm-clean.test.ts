// The cleaner page's choices (pages/tools/llm-clean/logic/clean-form.ts): the request's options and a
// translated label for every step the server can report.
import t from 'tap';
import { LLM_CLEAN_STEPS } from '@app/contracts/schemas/tools';
import { enUS, zhCN } from '../src/i18n/messages.js';
import { DEFAULT_FORM, SWITCHES, optionsOf, stepLabel } from '../src/pages/tools/llm-clean/logic/clean-form.js';

t.test('options: only what differs from the server defaults', async (t) => {
  t.same(optionsOf(DEFAULT_FORM), {}, 'the defaults send nothing');
  t.same(optionsOf({ ...DEFAULT_FORM, mode: 'json' }), { wantJson: true });
  t.same(optionsOf({ ...DEFAULT_FORM, mode: 'text', jsonFormat: 'minify' }), { wantJson: false, jsonFormat: 'minify' });
  t.same(
    optionsOf({ ...DEFAULT_FORM, switches: { ...DEFAULT_FORM.switches, stripThink: false, collapseWhitespace: false } }),
    { stripThink: false, collapseWhitespace: false },
  );
  t.same(SWITCHES.filter((key) => DEFAULT_FORM.switches[key]), SWITCHES, 'every step on by default, as on the server');
});

t.test('every step has a label in both languages; an unknown one has none', async (t) => {
  for (const step of LLM_CLEAN_STEPS) {
    const key = stepLabel(step);
    t.ok(key && zhCN[key] && enUS[key], step);
  }
  t.equal(stepLabel('from_a_newer_server'), undefined);
});
