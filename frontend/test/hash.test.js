import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatHash, parseHash, sameView } from '../src/hash.js';

const base = { lang: 'en', indicator: null, year: null, country: null, colour: 'indicator', table: false, sort: 'name' };

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
