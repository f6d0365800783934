import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatHash, parseHash } from '../src/hash.js';

test('the view round-trips through the hash', () => {
  const view = { indicator: 'SP.POP.TOTL', year: 2020, country: 'ALB' };
  assert.equal(formatHash(view), '#indicator=SP.POP.TOTL&year=2020&country=ALB');
  assert.deepEqual(parseHash(formatHash(view)), view);
});

test('missing or bad parts come back as null', () => {
  assert.deepEqual(parseHash(''), { indicator: null, year: null, country: null });
  assert.deepEqual(parseHash('#year=abc&country=alb'), { indicator: null, year: null, country: 'ALB' });
  assert.equal(formatHash({ indicator: 'X', year: 2001, country: null }), '#indicator=X&year=2001');
});
