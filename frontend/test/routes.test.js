// The routes view's pure parts: months, sums per month and nationality, the month's detail, the
// chart's series, nationality names in both languages, the tooltip line; and the chart helper.
import assert from 'node:assert/strict';
import { register } from 'node:module';
import { test } from 'node:test';

// routes.js imports its stylesheet (Vite bundles it); under node a stylesheet is an empty module.
register(
  'data:text/javascript,' +
    encodeURIComponent(
      "export async function load(url, context, next) { if (url.endsWith('.css')) " +
        "return { format: 'module', source: '', shortCircuit: true }; return next(url, context); }",
    ),
);
const routes = await import('../src/views/routes.js');
const { linePath, niceTicks, chartScales } = await import('../src/views/chart.js');
const { setLang } = await import('../src/i18n.js');

const rows = [
  // one row per border type: Land and Sea of the same cell add up
  { nationality: 'SYR', month: '2023-01-01', detections: 100 },
  { nationality: 'SYR', month: '2023-01-01', detections: 20 },
  { nationality: 'AFG', month: '2023-01-01', detections: 50 },
  { nationality: 'UKR', month: '2023-03-01', detections: 7 },
  { nationality: 'OOO', month: '2023-03-01', detections: 3 },
  { nationality: 'TUR', month: '2023-03-01', detections: 3 },
  { nationality: 'IRQ', month: '2023-03-01', detections: 2 },
  { nationality: 'PAK', month: '2023-03-01', detections: 1 },
  { nationality: 'XKX', month: '2023-03-01', detections: 0 },
];

test('months: validity, the month of a date, spans across a year', () => {
  assert.ok(routes.isMonth('2023-05'));
  for (const bad of ['2023-5', '2023-13', '2023-00', 'May', '', null]) assert.equal(routes.isMonth(bad), false, bad);
  assert.equal(routes.monthOf('2023-05-01'), '2023-05');
  assert.equal(routes.monthOf('2023-05-01T00:00:00Z'), '2023-05');
  assert.equal(routes.monthOf('nonsense'), null);
  assert.deepEqual(routes.monthSpan('2022-11', '2023-02'), ['2022-11', '2022-12', '2023-01', '2023-02']);
  assert.deepEqual(routes.monthSpan('2023-02', '2022-11'), []);
  assert.equal(routes.monthSpan('2009-01', '2025-04').length, 16 * 12 + 4);
});

test('summarize: border types added, a continuous span (the collection\'s, widened to the rows)', () => {
  const s = routes.summarize(rows);
  assert.deepEqual(s.months, ['2023-01', '2023-02', '2023-03']);
  assert.equal(s.byMonth.get('2023-01').get('SYR'), 120);
  assert.equal(s.totals.get('SYR'), 120);
  assert.equal(s.byMonth.has('2023-02'), false);
  const wide = routes.summarize(rows, routes.monthSpan('2022-12', '2023-02'));
  assert.deepEqual(wide.months, ['2022-12', '2023-01', '2023-02', '2023-03']);
});

test('the month\'s detail: total, the top nationalities (ties by code), the others together', () => {
  const s = routes.summarize(rows);
  const jan = routes.monthDetail(s, '2023-01');
  assert.equal(jan.total, 170);
  assert.deepEqual(jan.top, [{ nationality: 'SYR', detections: 120 }, { nationality: 'AFG', detections: 50 }]);
  assert.deepEqual(jan.others, { count: 0, detections: 0 });
  const mar = routes.monthDetail(s, '2023-03', 3);
  assert.equal(mar.total, 16);
  assert.deepEqual(mar.top.map((r) => r.nationality), ['UKR', 'OOO', 'TUR']);
  assert.deepEqual(mar.others, { count: 2, detections: 3 }); // IRQ, PAK; the zero row of XKX is no nationality
  assert.deepEqual(routes.monthDetail(s, '2023-02'), { month: '2023-02', total: 0, top: [], others: { count: 0, detections: 0 } });
});

test('a month outside the statistics falls back to the latest month with detections', () => {
  const s = routes.summarize(rows, routes.monthSpan('2023-01', '2023-06'));
  assert.equal(routes.clampMonth(s, '2023-02'), '2023-02');
  assert.equal(routes.clampMonth(s, '2030-01'), '2023-03');
  assert.equal(routes.clampMonth(s, null), '2023-03');
});

test('chart series: the five biggest nationalities over the span, all others, 0 where none', () => {
  const s = routes.summarize(rows);
  const { keys, series, totals } = routes.chartSeries(s);
  assert.deepEqual(keys, ['SYR', 'AFG', 'UKR', 'OOO', 'TUR']);
  assert.deepEqual(series.map((x) => x.key), [...keys, routes.OTHERS]);
  assert.deepEqual(series[0].values, [120, 0, 0]);
  assert.deepEqual(series[5].values, [0, 0, 3]);
  assert.deepEqual(totals, [170, 0, 16]);
  // each month's series add up to its total
  totals.forEach((total, i) => assert.equal(series.reduce((sum, x) => sum + x.values[i], 0), total));
  assert.deepEqual(routes.chartSeries(s, 10).series.map((x) => x.key).includes(routes.OTHERS), false);
});

test('year ticks: Januaries, thinned to at most six', () => {
  const months = routes.monthSpan('2009-01', '2025-04');
  const ticks = routes.yearTicks(months);
  assert.ok(ticks.length <= 6 && ticks.length >= 4);
  assert.deepEqual(ticks[0], { index: 0, year: 2009 });
  for (const { index, year } of ticks) assert.equal(months[index], `${year}-01`);
});

test('bbox of a route\'s line; the routes in the map\'s order', () => {
  const line = { type: 'MultiLineString', coordinates: [[[23.7, 52.1], [21, 52.2]], [[27.5, 53.9], [25.3, 54.7]]] };
  assert.deepEqual(routes.bboxOf(line), [[21, 52.1], [27.5, 54.7]]);
  assert.equal(routes.bboxOf(null), null);
  const order = routes.orderRoutes([{ slug: 'other', name: 'Other routes' }, { slug: 'black-sea', name: 'Black Sea Route' },
    { slug: 'eastern-borders', name: 'Eastern Borders Route' }]);
  assert.deepEqual(order.map((r) => r.slug), ['eastern-borders', 'black-sea', 'other']);
});

test('nationalities in English and Russian: register names first, then Intl, OOO and STL', () => {
  const countries = new Map([['UKR', { iso3: 'UKR', name_en: 'Ukraine', name_ru: 'Украина' }]]);
  setLang('en');
  assert.equal(routes.nationalityName('UKR', { countries }), 'Ukraine');
  assert.equal(routes.nationalityName('SYR', { countries }), 'Syria');
  assert.equal(routes.nationalityName('XKX'), 'Kosovo');
  assert.equal(routes.nationalityName('OOO'), 'Other or unknown');
  assert.equal(routes.nationalityName('ZZZ'), 'ZZZ');
  setLang('ru');
  assert.equal(routes.nationalityName('UKR', { countries }), 'Украина');
  assert.equal(routes.nationalityName('SYR', { countries }), 'Сирия');
  assert.equal(routes.nationalityName('AFG'), 'Афганистан');
  assert.equal(routes.nationalityName('STL'), 'Лица без гражданства');
  assert.equal(routes.nationalityName(routes.OTHERS), 'Все остальные страны');
  setLang('en');
  // every nationality code of the shipped Frontex file has an alpha-2 code (or is OOO/STL)
  for (const code of ['AFG', 'ESH', 'GUF', 'HKG', 'MAC', 'PSE', 'REU', 'TWN', 'XKX', 'COD', 'SSD']) {
    assert.ok(routes.ISO2.has(code), code);
  }
});

test('the tooltip line: count, none, loading; in Russian', () => {
  setLang('en');
  assert.equal(routes.detectionsLine('2023-05', 12345), 'Detections in May 2023: 12,345');
  assert.equal(routes.detectionsLine('2023-05', 0), 'No detections reported in May 2023');
  assert.equal(routes.detectionsLine('2023-05', null), 'Detections in May 2023: loading…');
  setLang('ru');
  assert.equal(routes.detectionsLine('2023-05', 12345), 'май 2023 г.: выявлено 12\u00a0345');
  assert.equal(routes.kindName('sea'), 'морской');
  setLang('en');
});

test('the view\'s messages name the same keys in English and Russian', async () => {
  const { messages } = await import('../src/views/routes.messages.js');
  assert.deepEqual(Object.keys(messages.ru).sort(), Object.keys(messages.en).sort());
  assert.equal(routes.default.id, 'routes');
  assert.equal(routes.default.label, 'nav.routes');
});

test('chart helper: round ticks, scales, a path that breaks at missing values', () => {
  assert.deepEqual(niceTicks(1234), [0, 500, 1000, 1500]);
  assert.deepEqual(niceTicks(8), [0, 2, 4, 6, 8]);
  assert.deepEqual(niceTicks(0), [0, 1]);
  const { x, y, plot } = chartScales({ width: 100, height: 60, count: 3, top: 10, margin: { top: 0, right: 0, bottom: 10, left: 0 } });
  assert.deepEqual([x(0), x(2), y(0), y(10)], [0, 100, 50, 0]);
  assert.equal(plot.bottom, 50);
  assert.equal(linePath([0, 10, 5], x, y), 'M0,50L50,0L100,25');
  assert.equal(linePath([0, null, 5, 5], (i) => i, (v) => v), 'M0,0M2,5L3,5');
});
