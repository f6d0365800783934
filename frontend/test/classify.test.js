import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CONTEXT, NO_DATA, RAMP, classOf, fillColorExpression, quantileClasses } from '../src/classify.js';

test('ten values make five quantile classes of two, low to high', () => {
  const classes = quantileClasses([10, 1, 9, 2, 8, 3, 7, 4, 6, 5]);
  assert.deepEqual(classes.map((c) => [c.min, c.max, c.count]), [[1, 2, 2], [3, 4, 2], [5, 6, 2], [7, 8, 2], [9, 10, 2]]);
  assert.deepEqual(classes.map((c) => c.color), RAMP);
});

test('equal values share a class, so fewer classes come back; an outlier keeps its own', () => {
  const classes = quantileClasses([5, 5, 5, 5, 5, 5, 9]);
  assert.equal(classes.length, 2);
  assert.deepEqual(classes.map((c) => c.color), [RAMP[0], RAMP[4]]);
  assert.equal(classOf(classes, 5), 0);
  assert.equal(classOf(classes, 9), 1);
});

test('no values, no classes; non-numbers are ignored', () => {
  assert.deepEqual(quantileClasses([]), []);
  assert.equal(quantileClasses([Number.NaN, 3]).length, 1);
  assert.equal(classOf([], 3), -1);
});

test('the colour expression greys scope countries without a value and mutes context ones', () => {
  const values = new Map([['ALB', 1], ['ARM', 10]]);
  const expr = fillColorExpression(values, quantileClasses([...values.values()]));
  assert.deepEqual(expr, ['case', ['==', ['get', 'role'], 'scope'],
    ['match', ['get', 'iso3'], ['ALB'], RAMP[0], ['ARM'], RAMP[2], NO_DATA], CONTEXT]);
  assert.deepEqual(fillColorExpression(new Map(), []), ['case', ['==', ['get', 'role'], 'scope'], NO_DATA, CONTEXT]);
});
