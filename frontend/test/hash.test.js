import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatHash, parseHash } from '../src/hash.js';

test('the view round-trips through the hash', () => {
  const view = { indicator: 'SP.POP.TOTL', year: 2020, country: 'ALB', colour: 'indicator' };
  assert.equal(formatHash(view), '#indicator=SP.POP.TOTL&year=2020&country=ALB');
  assert.deepEqual(parseHash(formatHash(view)), view);
});

test('the group view is kept in the hash; the indicator view is the default', () => {
  const view = { indicator: 'X', year: 2001, country: null, colour: 'group' };
  assert.equal(formatHash(view), '#indicator=X&year=2001&colour=group');
  assert.deepEqual(parseHash(formatHash(view)), view);
  assert.equal(parseHash('#colour=rainbow').colour, 'indicator');
});

test('missing or bad parts come back as null', () => {
  assert.deepEqual(parseHash(''), { indicator: null, year: null, country: null, colour: 'indicator' });
  assert.deepEqual(parseHash('#year=abc&country=alb'), { indicator: null, year: null, country: 'ALB', colour: 'indicator' });
  assert.equal(formatHash({ indicator: 'X', year: 2001, country: null }), '#indicator=X&year=2001');
});
