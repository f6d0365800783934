import assert from 'node:assert/strict';
import { afterEach, test } from 'node:test';
import { setLang, t } from '../src/i18n.js';
import { en, ru } from '../src/panel.messages.js';
import {
  chartModel, downloadLinks, keyFigures, linePath, mainSeries, niceTicks, noteInLanguage, periodPosition,
  seriesPoints, trendChange,
} from '../src/panel/figures.js';
import { formatChange, formatDate, formatPeriod, indicatorValue } from '../src/panel/common.js';
import { parseInline, parseMarkdown } from '../src/panel/markdown.js';

afterEach(() => setLang('en'));

const series = (code, unit, values, first = 2019) => ({
  code, name_en: code, name_ru: code, unit, scale: 0, topic: 'B1',
  latest_period: String(first + values.length - 1), latest_value: values[values.length - 1],
  trend: values.map((value, i) => ({ period: String(first + i), value })),
});

test('the panel\'s messages: same keys in both languages, none empty, placeholders filled', () => {
  assert.deepEqual(Object.keys(ru).sort(), Object.keys(en).sort());
  const params = { count: 3, name: 'X', period: '2020', from: '2019', to: '2020', amount: '+1', first: '1', last: '2', sources: 's', edition: 2, date: 'd', text: 'x', role: 'r', year: 2020, code: 'C', grade: 'g', language: 'L' };
  for (const lang of ['en', 'ru']) {
    setLang(lang);
    for (const key of Object.keys(en)) {
      const text = t(key, params);
      assert.ok(text && text !== key && !/\{\w+\}/.test(text), `${lang} ${key}: ${text}`);
    }
  }
  setLang('ru');
  assert.equal(t('panel.strategy'), 'Стратегия партнёрства');
});

test('key figures: the preferred indicators first, then the others in the profile\'s order', () => {
  const profile = { parts: [
    { code: 'A', indicators: [series('SM.POP.NETM', 'persons', [-10, -5])] },
    { code: 'B', indicators: [series('X.ONE', 'persons', [1]), series('SP.POP.TOTL', 'persons', [3, 2])] },
  ] };
  assert.deepEqual(keyFigures(profile).map((i) => i.code), ['SP.POP.TOTL', 'SM.POP.NETM', 'X.ONE']);
  // A chart needs two points: X.ONE has one.
  assert.deepEqual(mainSeries(profile).map((i) => i.code), ['SM.POP.NETM', 'SP.POP.TOTL']);
  assert.deepEqual(keyFigures({ parts: [] }), []);
  assert.deepEqual(keyFigures(null), []);
});

test('the change against the value before: points for percentages, percent for counts, absolute across zero', () => {
  const unemployment = trendChange(series('SL.UEM.TOTL.ZS', '% of labour force', [2.0, 1.5]));
  assert.equal(unemployment.kind, 'points');
  assert.equal(unemployment.direction, 'down');
  assert.equal(unemployment.from, '2019');
  assert.ok(Math.abs(unemployment.amount + 0.5) < 1e-9);
  const population = trendChange(series('SP.POP.TOTL', 'persons', [200, 210]));
  assert.equal(population.kind, 'relative');
  assert.equal(population.amount, 5);
  const net = trendChange(series('SM.POP.NETM', 'persons', [-100, 50]));
  assert.equal(net.kind, 'absolute');
  assert.equal(net.amount, 150);
  assert.equal(trendChange(series('X', 'persons', [1])), null);
  assert.equal(trendChange(series('X', 'persons', [4, 4])).direction, 'flat');

  assert.equal(formatChange(unemployment, '% of labour force'), '−0.5\u00a0pp vs 2019');
  assert.equal(formatChange(population, 'persons'), '+5% vs 2019');
  assert.equal(formatChange(net, 'persons'), '+150 persons vs 2019');
  assert.equal(formatChange(null, 'persons'), 'no earlier value to compare');
  setLang('ru');
  assert.equal(formatChange(population, 'persons'), '+5\u00a0% к 2019');
  assert.equal(formatChange(unemployment, '% of labour force'), '−0,5\u00a0п.\u00a0п. к 2019');
});

test('values in their unit, compact on cards; periods and dates in the language', () => {
  const pop = series('SP.POP.TOTL', 'persons', [2457783]);
  assert.equal(indicatorValue(pop, 2457783), '2,457,783 persons');
  assert.equal(indicatorValue(pop, 2457783, { compact: true }), '2.46M persons');
  assert.equal(indicatorValue({ unit: 'current US$', scale: 6 }, 1.5), '1,500,000 current US$');
  assert.equal(formatPeriod('2023'), '2023');
  assert.equal(formatPeriod('2023-Q1'), '2023-Q1');
  assert.equal(formatDate('2026-12-31'), 'December 31, 2026');
  setLang('ru');
  assert.equal(indicatorValue(pop, 2457783, { compact: true }), '2,46\u00a0млн\u00a0чел.');
  assert.equal(formatDate('2026-12-31'), '31 декабря 2026 г.');
});

test('periods on a year axis, and the chart\'s geometry', () => {
  assert.equal(periodPosition('2020'), 2020);
  assert.equal(periodPosition('2020-Q3'), 2020.5);
  assert.equal(periodPosition('2020-04'), 2020.25);
  assert.ok(Number.isNaN(periodPosition('x')));
  const ind = series('SP.POP.TOTL', 'persons', [5, 20, 15], 2000);
  assert.deepEqual(seriesPoints(ind), [[2000, 5], [2001, 20], [2002, 15]]);
  assert.deepEqual(niceTicks(0, 20, 4), [0, 5, 10, 15, 20]);
  assert.deepEqual(niceTicks(-43854, 89154, 4), [-50000, 0, 50000, 100000]);
  assert.deepEqual(niceTicks(1.4, 8.5, 4), [0, 2, 4, 6, 8, 10]);
  const model = chartModel(seriesPoints(ind), { width: 200, height: 100, left: 40, right: 0, top: 0, bottom: 20 });
  // Values near zero get a zero baseline; the highest value touches the top of the plot.
  assert.equal(model.yTicks[0].value, 0);
  assert.equal(model.yTicks[0].y, 80);
  assert.equal(model.dots[0].x, 40);
  assert.equal(model.dots[2].x, 200);
  assert.equal(model.dots[1].y, 0);
  assert.deepEqual(model.xTicks.map((x) => x.value), [2000, 2001, 2002]);
  assert.equal(model.zeroY, null);
  assert.match(model.path, /^M40 \d+(\.\d)? L120 0 L200 \d+(\.\d)?$/);
  const across = chartModel([[2000, -5], [2001, 5]]);
  assert.ok(across.zeroY > across.plot.y && across.zeroY < across.plot.y + across.plot.height);
  assert.equal(linePath([[0, 0], [1, 1]], { width: 10, height: 10, pad: 0 }), 'M0 10 L10 0');
  assert.equal(chartModel([]), null);
});

test('downloads point at the gateway: profile PDF in both languages, XLSX, CSVs', () => {
  const links = downloadLinks('MDA', { series: [{ code: 'SP.POP.TOTL' }] });
  assert.deepEqual(links.map((l) => [l.format, l.href]), [
    ['pdf', '/api/profiles/v1/countries/MDA/profile.pdf?lang=en'],
    ['pdf', '/api/profiles/v1/countries/MDA/profile.pdf?lang=ru'],
    ['xlsx', '/api/profiles/v1/countries/MDA/profile.xlsx'],
    ['csv', '/api/profiles/v1/indicators/SP.POP.TOTL/observations?country=MDA&format=csv&limit=1000'],
    ['csv', '/api/profiles/v1/shortages?country=MDA&format=csv&limit=1000'],
    ['csv', '/api/toolbox/v1/initiatives?country=MDA&format=csv&limit=1000'],
  ]);
  // No empty files: the shortages' and initiatives' CSVs only when the country has some.
  assert.deepEqual(downloadLinks('MDA', { shortages: false, initiatives: false }).map((l) => l.id), ['pdf-en', 'pdf-ru', 'xlsx']);
});

test('a bilingual note shows the half in the language', () => {
  const note = 'Demonstration text. / Демонстрационный текст.';
  assert.equal(noteInLanguage(note, 'en'), 'Demonstration text.');
  assert.equal(noteInLanguage(note, 'ru'), 'Демонстрационный текст.');
  assert.equal(noteInLanguage('One / two', 'ru'), 'One / two');
  assert.equal(noteInLanguage(null, 'en'), '');
});

test('Markdown: paragraphs, lists, bold, italic and http(s) links only', () => {
  const blocks = parseMarkdown('First line\nsame paragraph.\n\n- **Readmission (2008).** Entered into force.\n- Second\n\nLast [site](https://example.org) and [bad](javascript:alert(1)).');
  assert.equal(blocks.length, 3);
  assert.deepEqual(blocks[0], { type: 'p', runs: [{ text: 'First line same paragraph.' }] });
  assert.equal(blocks[1].type, 'ul');
  assert.deepEqual(blocks[1].items[0], [{ bold: true, text: 'Readmission (2008).' }, { text: ' Entered into force.' }]);
  assert.deepEqual(blocks[2].runs, [
    { text: 'Last ' }, { text: 'site', href: 'https://example.org' }, { text: ' and ' }, { text: 'bad' }, { text: ').' },
  ]);
  assert.deepEqual(parseInline('an *italic* word and snake_case_name'), [
    { text: 'an ' }, { italic: true, text: 'italic' }, { text: ' word and snake_case_name' },
  ]);
  assert.deepEqual(parseMarkdown('1. one\n2. two').map((b) => [b.type, b.items.length]), [['ol', 2]]);
  assert.deepEqual(parseMarkdown(''), []);
});
