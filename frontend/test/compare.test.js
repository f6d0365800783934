import assert from 'node:assert/strict';
import { register } from 'node:module';
import { afterEach, test } from 'node:test';

// The view imports its stylesheet (Vite bundles it); node gets an empty module for any .css file.
register(`data:text/javascript,${encodeURIComponent(`
  export async function load(url, context, next) {
    if (url.endsWith('.css')) return { format: 'module', source: '', shortCircuit: true };
    return next(url, context);
  }`)}`);

const { CATALOGUES, setLang, t } = await import('../src/i18n.js');
const { MESSAGES } = await import('../src/views/compare.messages.js');
const view = await import('../src/views/compare.js');
const {
  COLORS, DASHES, DEFAULT_INDICATORS, MAX_COUNTRIES, chartModel, latestPoint, niceTicks, parseList, readParams,
  seriesFrom, toggle, yearTicks,
} = view;

afterEach(() => setLang('en'));

const scope = new Set(['ARM', 'AZE', 'GEO', 'MDA', 'UKR', 'KAZ']);
const codes = new Set(['SP.POP.TOTL', 'SM.POP.NETM', 'SL.UEM.TOTL.ZS', 'NY.GDP.PCAP.CD']);

test('the view is defined as the Views section says', () => {
  assert.equal(view.default.id, 'compare');
  assert.equal(view.default.label, 'nav.compare');
  assert.equal(typeof view.default.create, 'function');
});

test('English and Russian name the same keys, every message filled, Russian in Cyrillic', () => {
  assert.deepEqual(Object.keys(MESSAGES.ru).sort(), Object.keys(MESSAGES.en).sort());
  const params = { name: 'X', min: 2, max: 4, count: 3, total: 15, indicator: 'I', from: 2000, to: 2024, countries: 'A, B', error: 'e' };
  for (const lang of ['en', 'ru']) {
    setLang(lang);
    for (const key of Object.keys(MESSAGES[lang])) {
      assert.equal(CATALOGUES[lang][key], MESSAGES[lang][key], `${lang} ${key} registered`);
      const text = t(key, params);
      assert.ok(text && !/\{\w+\}/.test(text), `${lang} ${key}: ${text}`);
      if (lang === 'ru') assert.match(text, /[а-яё]/i, key);
    }
  }
  setLang('ru');
  assert.equal(t('nav.compare'), 'Сравнение');
  assert.equal(t('compare.tooMany', { max: 4, name: 'Казахстан' }),
    'Сравнить можно не более 4 стран: уберите одну, прежде чем добавить страну «Казахстан».');
});

test('hash keys: known codes only, upper-cased, no repeats, at most four countries', () => {
  assert.deepEqual(parseList('arm, geo,ARM,xxx', scope, { upper: true }), ['ARM', 'GEO']);
  assert.deepEqual(parseList('', scope), []);
  assert.deepEqual(parseList(undefined, scope), []);
  const read = readParams({ countries: 'mda,ARM,GEO,UKR,KAZ', indicators: 'SM.POP.NETM,nope,SP.POP.TOTL' }, { countries: scope, indicators: codes });
  assert.deepEqual(read, { countries: ['MDA', 'ARM', 'GEO', 'UKR'], indicators: ['SM.POP.NETM', 'SP.POP.TOTL'] });
  assert.equal(read.countries.length, MAX_COUNTRIES);
});

test('without keys (or with none known) the defaults that exist', () => {
  const read = readParams({}, { countries: scope, indicators: codes });
  assert.deepEqual(read.countries, ['ARM', 'AZE', 'GEO']);
  assert.deepEqual(read.indicators, DEFAULT_INDICATORS.filter((c) => codes.has(c)));
  assert.deepEqual(readParams({ indicators: 'x,y' }, { countries: scope, indicators: new Set(['NY.GDP.PCAP.CD']) }).indicators, ['NY.GDP.PCAP.CD']);
  assert.deepEqual(readParams({ countries: 'ARM' }, { countries: scope, indicators: codes }).countries, ['ARM']);
});

test('choosing: a fifth country and removing below two are refused, the list unchanged', () => {
  const limits = { min: 2, max: 4 };
  assert.deepEqual(toggle(['ARM', 'GEO'], 'MDA', limits), { list: ['ARM', 'GEO', 'MDA'], error: null });
  assert.deepEqual(toggle(['ARM', 'GEO', 'MDA'], 'GEO', limits), { list: ['ARM', 'MDA'], error: null });
  const four = ['ARM', 'GEO', 'MDA', 'UKR'];
  assert.deepEqual(toggle(four, 'KAZ', limits), { list: four, error: 'tooMany' });
  assert.deepEqual(toggle(['ARM', 'GEO'], 'ARM', limits), { list: ['ARM', 'GEO'], error: 'tooFew' });
  assert.deepEqual(toggle(['X'], 'X', { min: 1, max: 8 }).error, 'tooFew');
});

test('series: annual values by year, quarters and missing values left out; the latest year', () => {
  const rows = [
    { country_iso3: 'ARM', year: 2021, period: '2021', value: 3 },
    { country_iso3: 'ARM', year: 2019, period: '2019', value: 1 },
    { country_iso3: 'ARM', year: 2022, period: '2022-Q1', value: 99 },
    { country_iso3: 'GEO', year: 2020, period: '2020', value: null },
    { country_iso3: 'GEO', year: 2018, period: '2018', value: 0 },
  ];
  const series = seriesFrom(rows);
  assert.deepEqual(series.get('ARM'), [{ year: 2019, value: 1 }, { year: 2021, value: 3 }]);
  assert.deepEqual(latestPoint(series.get('ARM')), { year: 2021, value: 3 });
  assert.deepEqual(latestPoint(series.get('GEO')), { year: 2018, value: 0 }); // zero is a value
  assert.equal(latestPoint(series.get('MDA')), null); // no data is not zero
  assert.equal(latestPoint([]), null);
});

test('ticks: round values covering the data, negative ones too; years with first and last', () => {
  assert.deepEqual(niceTicks(2.1, 9.7), [2, 4, 6, 8, 10]);
  assert.deepEqual(niceTicks(-150000, 40000), [-150000, -100000, -50000, 0, 50000]);
  const flat = niceTicks(5, 5);
  assert.ok(flat[0] <= 5 && flat.at(-1) >= 5 && flat.length >= 2);
  assert.deepEqual(niceTicks(0, 0), [0, 0.25, 0.5, 0.75, 1]);
  assert.deepEqual(yearTicks(2000, 2024), [2000, 2005, 2010, 2015, 2020]);
  assert.deepEqual(yearTicks(2019, 2022), [2019, 2020, 2021, 2022]);
});

test('the chart: one line per country in the box, broken where a year is missing', () => {
  const lines = [
    { iso3: 'ARM', points: [{ year: 2000, value: 0 }, { year: 2001, value: 10 }, { year: 2003, value: 5 }] },
    { iso3: 'GEO', points: [] },
  ];
  const m = chartModel(lines, { width: 300, height: 120, margin: { top: 10, right: 10, bottom: 10, left: 10 } });
  assert.equal(m.first, 2000);
  assert.equal(m.last, 2003);
  assert.equal(m.lines[0].d, 'M10 110 L103.3 10 M290 60');
  assert.equal(m.lines[1].d, '');
  assert.equal(m.lines[0].dots.length, 3);
  for (const dot of m.lines[0].dots) {
    assert.ok(dot.cx >= 10 && dot.cx <= 290 && dot.cy >= 10 && dot.cy <= 110);
  }
  assert.equal(m.yTicks[0].y, 110);
  assert.equal(m.yTicks.at(-1).y, 10);
  assert.equal(chartModel([{ iso3: 'ARM', points: [] }]), null);
  const single = chartModel([{ iso3: 'ARM', points: [{ year: 2010, value: 7 }] }], { width: 200 });
  assert.equal(single.lines[0].dots.length, 1);
});

test('four distinguishable colours and dash patterns', () => {
  assert.equal(new Set(COLORS).size, MAX_COUNTRIES);
  assert.equal(new Set(DASHES).size, MAX_COUNTRIES);
});

test('the map\'s box around the chosen states, also across the antimeridian', () => {
  const { unionBounds } = view;
  assert.equal(unionBounds([]), null);
  assert.deepEqual(unionBounds([[43.4, 38.8, 46.6, 41.3], [40, 41, 46.7, 43.6]]), [[40, 38.8], [46.7, 43.6]]);
  // Russia's box crosses 180 (west 19.6 > east -169): it continues to 191.
  assert.deepEqual(unionBounds([[19.6, 41.2, -169, 81.9], [43.4, 38.8, 46.6, 41.3]]), [[19.6, 38.8], [191, 81.9]]);
});
