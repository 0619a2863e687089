import t from 'tap';
import {
  PROJECT_CODE_PATTERN, projectFieldProblem, projectProblems, toProjectInput,
} from '../src/pages/workbench/logic/project-form.js';

t.test('name: 1–64 characters after trimming', async (t) => {
  t.equal(projectFieldProblem('name', 'A'), null);
  t.equal(projectFieldProblem('name', '图像数据集'), null);
  t.equal(projectFieldProblem('name', 'x'.repeat(64)), null);
  t.equal(projectFieldProblem('name', 'x'.repeat(65)), 'tooLong');
  t.equal(projectFieldProblem('name', '😀'.repeat(64)), null, 'counted in code points');
  t.equal(projectFieldProblem('name', `  ${'x'.repeat(64)}  `), null, 'surrounding spaces do not count');
  for (const empty of ['', '   ', undefined, null, 42]) t.equal(projectFieldProblem('name', empty), 'required', String(empty));
});

t.test('code: ^[A-Za-z0-9_-]{2,32}$', async (t) => {
  for (const ok of ['ab', 'P-001', 'proj_2025', 'A'.repeat(32), ' ab ']) t.equal(projectFieldProblem('code', ok), null, ok);
  for (const bad of ['a', 'A'.repeat(33), 'has space', 'dot.ted', '项目', 'a/b', 'semi;']) t.equal(projectFieldProblem('code', bad), 'pattern', bad);
  t.equal(projectFieldProblem('code', ''), 'required');
  t.ok(PROJECT_CODE_PATTERN.test('ok_-1'));
});

t.test('note: optional, at most 500 characters', async (t) => {
  t.equal(projectFieldProblem('note', undefined), null);
  t.equal(projectFieldProblem('note', ''), null);
  t.equal(projectFieldProblem('note', '说'.repeat(500)), null);
  t.equal(projectFieldProblem('note', '说'.repeat(501)), 'tooLong');
});

t.test('whole form and request body', async (t) => {
  t.same(projectProblems({ name: 'n', code: 'cd', note: '' }), {});
  t.same(projectProblems({}), { name: 'required', code: 'required' });
  t.same(projectProblems({ name: ' ', code: 'x', note: 'n'.repeat(501) }), { name: 'required', code: 'pattern', note: 'tooLong' });
  t.same(toProjectInput({ name: '  Cats ', code: ' C-1 ', note: undefined }), { name: 'Cats', code: 'C-1', note: '' });
  t.same(toProjectInput({ name: 'a', code: 'bb', note: ' keep inner  spaces ' }), { name: 'a', code: 'bb', note: 'keep inner  spaces' });
});
