import t from 'tap';
import { PASSWORD_MAX_LENGTH, passwordAcceptable, passwordProblems } from '../src/password-policy.js';

t.test('8 to 128 characters with letters and digits; every broken rule named, in order', async (t) => {
  t.ok(passwordAcceptable('abcd1234'));
  t.ok(passwordAcceptable(`a1${'x'.repeat(PASSWORD_MAX_LENGTH - 2)}`), '128 characters');
  t.same(passwordProblems('abcd1234'), []);
  t.same(passwordProblems('abc123'), ['length']);
  t.same(passwordProblems(`a1${'x'.repeat(PASSWORD_MAX_LENGTH - 1)}`), ['length'], '129 characters');
  t.same(passwordProblems('12345678'), ['letter']);
  t.same(passwordProblems('abcdefgh'), ['digit']);
  t.same(passwordProblems(''), ['length', 'letter', 'digit']);
  t.same(passwordProblems(undefined), ['length', 'letter', 'digit']);
  t.notOk(passwordAcceptable(null));
});
