import t from 'tap';
import { isIpOrCidr, ipVersion } from '../src/lib/ip.js';
import { toQueryString } from '../src/lib/query-string.js';
import { asList, toPage } from '../src/lib/page.js';
import { translate } from '../src/lib/translate.js';

t.test('IP and CIDR validation', async (t) => {
  for (const ok of ['10.0.0.1', '192.168.0.0/16', '0.0.0.0/0', '::1', '2001:db8::/32', 'fe80::1', '::ffff:192.0.2.1', '1:2:3:4:5:6:7:8', '2001:db8::/128']) {
    t.ok(isIpOrCidr(ok), ok);
  }
  for (const bad of ['', '10.0.0', '256.1.1.1', '01.1.1.1', '10.0.0.1/33', '1.2.3.4/', '::1/129', '1::2::3', '1:2:3:4:5:6:7:8:9', 'abc', '10.0.0.1/x', 'gggg::1']) {
    t.notOk(isIpOrCidr(bad), bad);
  }
  t.equal(ipVersion('10.1.1.1'), 4);
  t.equal(ipVersion('::'), 6);
  t.equal(ipVersion('x'), null);
});

t.test('query strings drop empty values', async (t) => {
  t.equal(toQueryString({ current: 1, size: 10, username: '', status: undefined, roleKey: null, ok: false }), '?current=1&size=10&ok=false');
  t.equal(toQueryString({}), '');
  t.equal(toQueryString(undefined), '');
  t.equal(toQueryString({ q: 'a b&c' }), '?q=a+b%26c');
});

t.test('pages and lists from tolerant shapes', async (t) => {
  t.same(toPage({ records: [1], total: 5, current: 2, size: 1 }), { records: [1], total: 5, current: 2, size: 1 });
  t.same(toPage([1, 2], 1, 20), { records: [1, 2], total: 2, current: 1, size: 20 });
  t.same(toPage(null), { records: [], total: 0, current: 1, size: 10 });
  t.same(asList({ list: ['a'] }), ['a']);
  t.same(asList('nope'), []);
});

t.test('translate interpolates and falls back', async (t) => {
  t.equal(translate({ hi: '你好 {name}' }, 'hi', { name: '张三' }), '你好 张三');
  t.equal(translate({}, 'hi', undefined, { hi: 'Hello' }), 'Hello');
  t.equal(translate({}, 'missing.key'), 'missing.key');
  t.equal(translate({ x: '{a} {b}' }, 'x', { a: 1 }), '1 {b}');
});
