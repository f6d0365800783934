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

test('in Russian: the tiles\' Russian names, group and kinds translated', async () => {
  const { setLang } = await import('../src/i18n.js');
  setLang('ru');
  try {
    const hit = { kind: 'country', properties: { iso3: 'ARM', name: 'Armenia', name_ru: 'Армения', role: 'scope', pp_group: 'Eastern Partnership' } };
    assert.deepEqual(hoverInfo(hit, view), {
      title: 'Армения', lines: ['2\u00a0777\u00a0970\u00a0чел. (2023)', 'Пражский процесс: Восточное партнёрство'],
    });
    assert.deepEqual(hoverInfo({ kind: 'route', properties: { name: 'Black Sea Route', name_ru: 'Черноморский маршрут', kind: 'sea' } }, view),
      { title: 'Черноморский маршрут', lines: ['Морской маршрут, ориентировочная линия'] });
    const names = { POL: 'Польша', UKR: 'Украина' };
    const point = { name: 'Medyka – Shehyni', name_ru: 'Медыка – Шегини', type: 'road', country_a: 'POL', country_b: 'UKR' };
    assert.deepEqual(hoverInfo({ kind: 'point', properties: point }, { ...view, countryName: (c) => names[c] }),
      { title: 'Медыка – Шегини', lines: ['Автомобильный пункт пропуска, Польша – Украина'] });
    // A neighbour without a Russian name in the tiles keeps its English one.
    assert.equal(hoverInfo({ kind: 'country', properties: { iso3: 'SYR', name: 'Syria', role: 'context' } }, view).title, 'Syria');
  } finally {
    setLang('en');
  }
});
