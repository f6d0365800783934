import assert from 'node:assert/strict';
import { test } from 'node:test';
import { hoverInfo } from '../src/hover.js';

const view = { mode: 'indicator', values: new Map([['ARM', 2777970]]), unit: 'persons', year: 2023 };

test('a Prague Process state: value with unit and year, and its group', () => {
  const hit = { kind: 'country', properties: { iso3: 'ARM', name: 'Armenia', role: 'scope', pp_group: 'Eastern Partnership' } };
  assert.deepEqual(hoverInfo(hit, view), {
    title: 'Armenia', lines: ['2,777,970 persons (2023)', 'Prague Process: Eastern Partnership'],
  });
  assert.deepEqual(hoverInfo(hit, { ...view, mode: 'group' }).lines, ['Prague Process: Eastern Partnership']);
});

test('a state without a value says no data, never zero', () => {
  const hit = { kind: 'country', properties: { iso3: 'GEO', name: 'Georgia', role: 'scope' } };
  assert.equal(hoverInfo(hit, view).lines[0], 'no data (2023)');
});

test('a neighbour, a route and a crossing point', () => {
  assert.deepEqual(hoverInfo({ kind: 'country', properties: { iso3: 'IRN', name: 'Iran', role: 'context' } }, view).lines,
    ['Neighbouring state, outside the Prague Process']);
  assert.deepEqual(hoverInfo({ kind: 'route', properties: { name: 'Black Sea Route', kind: 'sea' } }, view),
    { title: 'Black Sea Route', lines: ['Sea route, indicative line'] });
  const point = { name: 'Medyka – Shehyni', type: 'road', country_a: 'POL', country_b: 'UKR', approximate: true };
  assert.deepEqual(hoverInfo({ kind: 'point', properties: point }, view),
    { title: 'Medyka – Shehyni', lines: ['Road crossing point, POL – UKR', 'Approximate position'] });
});
