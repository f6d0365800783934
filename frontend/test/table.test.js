import assert from 'node:assert/strict';
import { test } from 'node:test';
import { setLang } from '../src/i18n.js';
import { nextSort, sortRows } from '../src/table.js';

const rows = [
  { iso3: 'ARM', name: 'Armenia', value: 18.2, group: 'Eastern Partnership' },
  { iso3: 'AUT', name: 'Austria', value: 5.2, group: 'EU27' },
  { iso3: 'GEO', name: 'Georgia', value: null, group: 'Eastern Partnership' },
  { iso3: 'ALB', name: 'Albania', value: 11.7, group: 'Western Balkans' },
  { iso3: 'KOS', name: 'Kosovo', value: 5.2, group: 'Western Balkans' },
];
const order = (sorted) => sorted.map((r) => r.iso3);

test('by name, either way', () => {
  assert.deepEqual(order(sortRows(rows, 'name')), ['ALB', 'ARM', 'AUT', 'GEO', 'KOS']);
  assert.deepEqual(order(sortRows(rows, '-name')), ['KOS', 'GEO', 'AUT', 'ARM', 'ALB']);
});

test('by value: missing values last both ways, ties by name', () => {
  assert.deepEqual(order(sortRows(rows, 'value')), ['AUT', 'KOS', 'ALB', 'ARM', 'GEO']);
  assert.deepEqual(order(sortRows(rows, '-value')), ['ARM', 'ALB', 'AUT', 'KOS', 'GEO']);
});

test('the group view sorts by group name in the language', () => {
  assert.deepEqual(order(sortRows(rows, 'value', 'group')), ['ARM', 'GEO', 'AUT', 'ALB', 'KOS']);
  setLang('ru'); // Восточное партнёрство, ЕС-27, Западные Балканы
  try {
    assert.deepEqual(order(sortRows(rows, '-value', 'group')), ['ALB', 'KOS', 'AUT', 'ARM', 'GEO']);
  } finally {
    setLang('en');
  }
});

test('pressing a heading: names A-Z first, values highest first, again reverses', () => {
  assert.equal(nextSort('name', 'name'), '-name');
  assert.equal(nextSort('-name', 'name'), 'name');
  assert.equal(nextSort('name', 'value'), '-value');
  assert.equal(nextSort('-value', 'value'), 'value');
  assert.equal(nextSort('value', 'name'), 'name');
});
