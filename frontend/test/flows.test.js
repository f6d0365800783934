import assert from 'node:assert/strict';
import { afterEach, test } from 'node:test';
import { CATALOGUES, setLang, t } from '../src/i18n.js';
import {
  DEFAULT_TOP, MAX_WIDTH, MIN_WIDTH, arcCollections, arrowhead, boundsOf, flowIndicators, formatShare, parseParams,
  project, rankPartners, roundTwo, splitDirections, unproject, widthFor, widthSamples, yearsOf,
} from '../src/views/flows.js';
import { MESSAGES } from '../src/views/flows.messages.js';

afterEach(() => setLang('en'));

const arc = (origin, destination, value, scale = 0) => ({
  type: 'Feature',
  properties: { origin, destination, value, scale, unit: 'persons', year: 2024 },
  geometry: { type: 'LineString', coordinates: [[30.5, 50.45], [25, 53], [21.0, 52.25]] },
});

test('the messages name the same keys in English and Russian, none empty, all registered', () => {
  assert.deepEqual(Object.keys(MESSAGES.ru).sort(), Object.keys(MESSAGES.en).sort());
  const params = { count: 3, name: 'X', indicator: 'I', year: '2024', label: 'L', error: 'e', value: '1', share: '2%', source: 's' };
  for (const lang of ['en', 'ru']) {
    setLang(lang);
    for (const key of Object.keys(MESSAGES[lang])) {
      assert.ok(key in CATALOGUES[lang], key);
      const text = t(key, params);
      assert.ok(text && !/\{\w+\}/.test(text), `${lang} ${key}: ${text}`);
    }
  }
  setLang('ru');
  assert.equal(t('nav.flows'), 'Потоки');
  assert.match(t('flows.caption.outbound', { count: 5, name: 'Грузия', indicator: 'I', year: '2024' }), /^5 крупнейших партнёров/);
  assert.match(t('flows.caption.outbound', { count: 2, name: 'Грузия', indicator: 'I', year: '2024' }), /^2 крупнейших партнёра/);
});

test('only bilateral indicators with values and additive units, sorted by their name', () => {
  const all = [
    { code: 'SP.POP.TOTL', kind: 'country', observation_count: 10, unit: 'persons', name_en: 'Population' },
    { code: 'B', kind: 'bilateral', observation_count: 5, unit: 'persons', name_en: 'Migrant stock' },
    { code: 'A', kind: 'bilateral', observation_count: 5, unit: 'current US$', name_en: 'Bilateral remittances' },
    { code: 'C', kind: 'bilateral', observation_count: 5, unit: '% of amount sent', name_en: 'Cost' },
    { code: 'D', kind: 'bilateral', observation_count: 0, unit: 'persons', name_en: 'Empty' },
  ];
  assert.deepEqual(flowIndicators(all).map((i) => i.code), ['A', 'B']);
});

test('hash keys are checked: unknown values fall back to the defaults', () => {
  const known = { countries: ['GEO', 'UKR'], indicators: ['KNOMAD.MIG.BILAT', 'UNDESA.IMS.TOTL'] };
  assert.deepEqual(parseParams({ country: 'geo', indicator: 'KNOMAD.MIG.BILAT', year: '2017', top: '5', direction: 'outbound' }, known),
    { country: 'GEO', indicator: 'KNOMAD.MIG.BILAT', year: 2017, top: 5, direction: 'outbound' });
  assert.deepEqual(parseParams({ country: 'XXX', indicator: 'nope', year: '20x', top: '7', direction: 'sideways' }, known),
    { country: 'UKR', indicator: 'UNDESA.IMS.TOTL', year: null, top: DEFAULT_TOP, direction: null });
});

test('years with annual values, latest first; months and quarters do not count', () => {
  const rows = [{ year: 2020, period: '2020', value: 1 }, { year: 2024, period: '2024', value: 2 },
    { year: 2020, period: '2020', value: 3 }, { year: 2023, period: '2023-05', value: 4 }, { year: 2019, period: '2019', value: null }];
  assert.deepEqual(yearsOf(rows), [2024, 2020]);
});

test('corridors split by direction, ranked by value with the APIs\' tie-break, top N with shares of the whole total', () => {
  const features = [arc('GEO', 'RUS', 400), arc('ARM', 'GEO', 50), arc('GEO', 'UKR', 100), arc('RUS', 'GEO', 300),
    arc('GEO', 'DEU', 100), arc('AZE', 'GEO', 0), arc('GEO', 'GEO', 9)];
  const split = splitDirections(features, 'GEO');
  assert.deepEqual(split.outbound.map((f) => f.properties.destination), ['RUS', 'DEU', 'UKR']);
  assert.deepEqual(split.inbound.map((f) => f.properties.origin), ['RUS', 'ARM', 'AZE']);
  const top = rankPartners(split.outbound, 'outbound', 2);
  assert.deepEqual(top.rows.map((r) => [r.rank, r.partner, r.value, r.share]), [[1, 'RUS', 400, 400 / 600], [2, 'DEU', 100, 100 / 600]]);
  assert.equal(top.total, 600);
  assert.equal(top.count, 3);
  assert.equal(top.max, 400);
  const inbound = rankPartners(split.inbound, 'inbound', 10);
  assert.deepEqual(inbound.rows.map((r) => r.partner), ['RUS', 'ARM', 'AZE']);
});

test('values in millions (scale 6) are shown in units', () => {
  const ranked = rankPartners([arc('RUS', 'GEO', 1.5, 6), arc('UKR', 'GEO', 0.5, 6)], 'inbound', 10);
  assert.equal(ranked.rows[0].shown, 1_500_000);
  assert.equal(ranked.rows[0].value, 1.5);
  assert.equal(ranked.total, 2_000_000);
});

test('widths grow linearly with the value; the legend samples use the same scale', () => {
  assert.equal(widthFor(100, 100), MAX_WIDTH);
  assert.equal(widthFor(0, 100), MIN_WIDTH);
  assert.equal(widthFor(50, 100), MIN_WIDTH + (MAX_WIDTH - MIN_WIDTH) / 2);
  assert.ok(widthFor(10, 100) < widthFor(20, 100));
  assert.equal(roundTwo(1_234_567), 1_200_000);
  assert.equal(roundTwo(0.0456), 0.046);
  const samples = widthSamples(1_000_000, 20_000);
  assert.deepEqual(samples.map((s) => s.value), [1_000_000, 500_000, 20_000]);
  for (const s of samples) assert.equal(s.width, widthFor(s.value, 1_000_000));
  assert.deepEqual(widthSamples(100, 90).map((s) => s.value), [100]);
  assert.deepEqual(widthSamples(0, 0), []);
});

test('shares as percentages in the language\'s style', () => {
  assert.equal(formatShare(0.4531), '45.3%');
  assert.equal(formatShare(0.0004), '< 0.1%');
  assert.equal(formatShare(null), '–');
  setLang('ru');
  assert.equal(formatShare(0.4531), '45,3\u00a0%');
});

test('Web Mercator pixels round-trip', () => {
  for (const p of [[30.52, 50.45], [-10, 64], [69.2, 41.3]]) {
    const back = unproject(project(p, 4.5), 4.5);
    assert.ok(Math.abs(back[0] - p[0]) < 1e-9 && Math.abs(back[1] - p[1]) < 1e-9, String(back));
  }
});

test('the arrowhead points at the destination, is wider than the line and hides its end', () => {
  const coords = [[30.5, 50.45], [26, 53.5], [21.0, 52.25]]; // Kyiv -> Warsaw, bent
  const zoom = 4;
  const width = 10;
  const { line, head } = arrowhead(coords, width, zoom);
  assert.deepEqual(head[0], coords.at(-1)); // tip at the destination
  assert.deepEqual(head[3], head[0]); // closed ring
  assert.deepEqual(line[0], coords[0]);
  const px = (p) => project(p, zoom);
  const [tip, b1, b2] = head.slice(0, 3).map(px);
  const baseWidth = Math.hypot(b1[0] - b2[0], b1[1] - b2[1]);
  assert.ok(baseWidth > width * 1.5, `base ${baseWidth}`);
  const base = [(b1[0] + b2[0]) / 2, (b1[1] + b2[1]) / 2];
  const long = Math.hypot(tip[0] - base[0], tip[1] - base[1]);
  const end = px(line.at(-1));
  const endToTip = Math.hypot(tip[0] - end[0], tip[1] - end[1]);
  assert.ok(endToTip > 0 && endToTip < long, `line ends inside the head: ${endToTip} of ${long}`);
  // the head is about the same size in pixels at another zoom
  const far = arrowhead(coords, width, 3).head.slice(0, 3).map((p) => project(p, 3));
  assert.ok(Math.abs(Math.hypot(far[1][0] - far[2][0], far[1][1] - far[2][1]) - baseWidth) < 1);
});

test('one arc and one arrowhead per ranked partner; bounds of every arc', () => {
  const ranked = rankPartners([arc('UKR', 'POL', 300), arc('UKR', 'DEU', 100)], 'outbound', 10);
  const { arcs, heads } = arcCollections(ranked.rows, ranked.max, 4);
  assert.equal(arcs.features.length, 2);
  assert.equal(heads.features.length, 2);
  assert.deepEqual(arcs.features.map((f) => [f.properties.partner, f.properties.width]), [['POL', MAX_WIDTH], ['DEU', widthFor(100, 300)]]);
  assert.equal(heads.features[0].geometry.type, 'Polygon');
  assert.deepEqual(boundsOf(ranked.rows), [21.0, 50.45, 30.5, 53]);
  assert.equal(boundsOf([]), null);
});
