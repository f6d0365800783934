import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatHash, parseHash, sameView } from '../src/hash.js';

const base = { lang: 'en', view: 'indicator', params: {}, indicator: null, year: null, country: null, colour: 'indicator', table: false, sort: 'name' };

test('the view round-trips through the hash', () => {
  const view = { ...base, indicator: 'SP.POP.TOTL', year: 2020, country: 'ALB' };
  assert.equal(formatHash(view), '#lang=en&indicator=SP.POP.TOTL&year=2020&country=ALB');
  assert.deepEqual(parseHash(formatHash(view)), view);
});

test('language, group view, table and its order are kept in the hash', () => {
  const view = { ...base, lang: 'ru', indicator: 'X', year: 2001, colour: 'group', table: true, sort: '-value' };
  assert.equal(formatHash(view), '#lang=ru&indicator=X&year=2001&colour=group&table=1&sort=-value');
  assert.deepEqual(parseHash(formatHash(view)), view);
  // The table's default order and a hidden table's order are not written.
  assert.equal(formatHash({ ...view, sort: 'name' }), '#lang=ru&indicator=X&year=2001&colour=group&table=1');
  assert.equal(formatHash({ ...view, table: false }), '#lang=ru&indicator=X&year=2001&colour=group');
});

test('missing or bad parts come back as defaults', () => {
  assert.deepEqual(parseHash(''), { ...base, lang: null });
  assert.deepEqual(parseHash('#year=abc&country=alb&lang=de&sort=size&table=0'), { ...base, lang: null, country: 'ALB' });
  assert.equal(parseHash('#colour=rainbow').colour, 'indicator');
  assert.equal(parseHash('#lang=RU').lang, 'ru');
  assert.equal(formatHash({ indicator: 'X', year: 2001, country: null }), '#indicator=X&year=2001');
});

test('two hashes of the same view are one view', () => {
  assert.ok(sameView('#year=2020&lang=ru&indicator=X', '#lang=ru&indicator=X&year=2020'));
  assert.ok(sameView('#lang=ru&indicator=X&sort=name&table=1', '#lang=ru&indicator=X&table=1'));
  assert.ok(!sameView('#lang=ru&indicator=X', '#lang=en&indicator=X'));
  assert.ok(!sameView('#indicator=X&country=ARM', '#indicator=X'));
});

test('other views: their name and their own keys, sorted, and nothing of the indicator view', () => {
  const view = { ...base, lang: 'ru', view: 'routes', params: { route: 'black-sea', month: '2023-05' }, indicator: 'X', year: 2001 };
  assert.equal(formatHash(view), '#lang=ru&view=routes&month=2023-05&route=black-sea');
  const back = parseHash(formatHash(view));
  assert.equal(back.view, 'routes');
  assert.deepEqual(back.params, { month: '2023-05', route: 'black-sea' });
  assert.ok(sameView('#view=routes&route=a&month=b', '#month=b&view=routes&route=a'));
  assert.ok(!sameView('#view=routes&route=a', '#view=routes&route=b'));
  // Empty values are not written; `lang` and `view` are not a view's own; bad view names fall back.
  assert.equal(formatHash({ view: 'flows', params: { top: '', lang: 'x', country: 'MDA' } }), '#view=flows&country=MDA');
  assert.equal(parseHash('#view=<script>').view, 'indicator');
  assert.deepEqual(parseHash('#indicator=X&route=a').params, {});
});
