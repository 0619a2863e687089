// The knowledge-base dialog's pure parts (pages/kb/logic/kb-form.ts) and the key drawer's (logic/keys.ts):
// the form from a knowledge base and back to the request body, the collections offered and named, a server
// refusal put on the field it names, and a new key's name.
import t from 'tap';
import type { KnowledgeBase } from '../src/api/kb.js';
import { zhCN } from '../src/i18n/messages.js';
import { DEFAULT_RETRIEVAL, collectionOptions, collectionsOf, fieldRefusal, kbFormValues, kbInput } from '../src/pages/kb/logic/kb-form.js';
import { keyNameError, orderKeys } from '../src/pages/kb/logic/keys.js';

const kb: KnowledgeBase = {
  id: 7,
  name: '产品手册',
  description: null,
  vectorIds: [3, 5],
  retrievalConfig: { type: 'keyword', topK: 8, scoreThreshold: 0.25 },
  createdBy: 1,
  createdAt: '2026-11-25T10:00:00.000Z',
  updatedAt: '2026-11-25T11:00:00.000Z',
};

t.test('a new knowledge base starts from the server defaults', async (t) => {
  t.same(kbFormValues(), { name: '', description: '', vectorIds: [], type: 'hybrid', topK: 5, scoreThreshold: 0 });
  t.same(DEFAULT_RETRIEVAL, { type: 'hybrid', topK: 5, scoreThreshold: 0 });
});

t.test('an edit starts from the knowledge base and saves what it was given back', async (t) => {
  const values = kbFormValues(kb);
  t.same(values, { name: '产品手册', description: '', vectorIds: [3, 5], type: 'keyword', topK: 8, scoreThreshold: 0.25 });
  values.vectorIds.push(9);
  t.same(kb.vectorIds, [3, 5], 'the form does not share the row\'s array');
  t.same(kbInput(kbFormValues(kb)), { name: '产品手册', description: null, vectorIds: [3, 5], retrievalConfig: kb.retrievalConfig });
});

t.test('the body: the name trimmed, a blank description none, each collection once', async (t) => {
  const body = kbInput({ name: '  手册 ', description: '   ', vectorIds: [4, 2, 4], type: 'vector', topK: 3, scoreThreshold: 0.5 });
  t.same(body, { name: '手册', description: null, vectorIds: [4, 2], retrievalConfig: { type: 'vector', topK: 3, scoreThreshold: 0.5 } });
  t.equal(kbInput({ ...kbFormValues(kb), description: ' 说明 ' }).description, '说明');
  t.equal(kbInput({ ...kbFormValues(kb), description: undefined }).description, null);
});

t.test('the collections offered: the searchable ones, then those held that are not', async (t) => {
  const searchable = [{ id: 3, title: 'faq' }, { id: 4, title: 'docs' }];
  t.same(collectionOptions(searchable, []), [
    { value: 3, label: 'faq', unavailable: false },
    { value: 4, label: 'docs', unavailable: false },
  ]);
  t.same(collectionOptions(searchable, [3, 5, 5]).slice(2), [{ value: 5, label: '#5', unavailable: true }], 'a disabled or deleted one stays removable');
});

t.test('the table names the collections by title, and marks the unsearchable only when it can know', async (t) => {
  t.same(collectionsOf([3, 5], [{ id: 3, title: 'faq' }]), [
    { id: 3, title: 'faq', unavailable: false },
    { id: 5, title: null, unavailable: true },
  ]);
  t.same(collectionsOf([3], undefined), [{ id: 3, title: null, unavailable: false }], 'without the list (no vector:view) nothing is called unavailable');
});

t.test('a schema refusal lands on the field its path names', async (t) => {
  const invalid = (msg: string) => fieldRefusal({ errorKey: 'VALIDATION_FAILED', serverMsg: msg });
  t.same(invalid('body.name must NOT have more than 100 characters'), { field: 'name', kind: 'invalid', detail: 'must NOT have more than 100 characters' });
  t.same(invalid('body.retrievalConfig.topK must be <= 100'), { field: 'topK', kind: 'invalid', detail: 'must be <= 100' });
  t.same(invalid('body.retrievalConfig.scoreThreshold must be >= 0'), { field: 'scoreThreshold', kind: 'invalid', detail: 'must be >= 0' });
  t.same(invalid('body.retrievalConfig.type must be equal to one of the allowed values'), { field: 'type', kind: 'invalid', detail: 'must be equal to one of the allowed values' });
  t.same(invalid('body.vectorIds.2 must be >= 1'), { field: 'vectorIds', kind: 'invalid', detail: 'must be >= 1' }, 'an item of the list is the list');
  t.same(invalid('body.vectorIds must NOT have fewer than 1 items'), { field: 'vectorIds', kind: 'invalid', detail: 'must NOT have fewer than 1 items' });
  t.same(invalid('body.retrievalConfig is required'), { field: 'type', kind: 'invalid', detail: 'is required' });
  t.equal(invalid('body must NOT have additional properties'), null, 'no field named: shown above the form');
  t.equal(invalid('querystring.size must be >= 1'), null);
  t.equal(invalid('body.owner is required'), null, 'a field the form does not have');
});

t.test('collections gone meanwhile land on the collections; other refusals on none', async (t) => {
  t.same(fieldRefusal({ errorKey: 'KB_VECTORS_NOT_FOUND', serverMsg: '向量集合不存在: 12, 13' }), { field: 'vectorIds', kind: 'unknownCollections', detail: '12, 13' });
  t.equal(fieldRefusal({ errorKey: 'KB_NOT_FOUND', serverMsg: '知识库不存在' }), null);
  t.equal(fieldRefusal({ errorKey: undefined, serverMsg: 'body.name is required' }), null, 'without the validation key the msg is not read as a path');
});

t.test('a key needs a name of 1–100 characters, blanks aside', async (t) => {
  t.equal(keyNameError(''), 'kb.key.nameRequired');
  t.equal(keyNameError('   '), 'kb.key.nameRequired');
  t.equal(keyNameError(' dify '), null);
  t.equal(keyNameError('x'.repeat(100)), null);
  t.equal(keyNameError('x'.repeat(101)), 'kb.key.nameTooLong');
  for (const key of ['kb.key.nameRequired', 'kb.key.nameTooLong'] as const) t.ok(zhCN[key], key);
});

t.test('keys: live ones first, newest first', async (t) => {
  const at = '2026-11-25T10:00:00.000Z';
  const keys = [{ id: 4, revokedAt: at }, { id: 3, revokedAt: null }, { id: 6, revokedAt: null }, { id: 5, revokedAt: at }];
  t.same(orderKeys(keys).map((k) => k.id), [6, 3, 5, 4]);
  t.same(keys.map((k) => k.id), [4, 3, 6, 5], 'the list itself is left alone');
});
