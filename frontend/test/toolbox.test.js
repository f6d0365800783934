import assert from 'node:assert/strict';
import { afterEach, test } from 'node:test';
import { validateStyleMin } from '@maplibre/maplibre-gl-style-spec';
import { setLang, t } from '../src/i18n.js';
import messages from '../src/views/toolbox.messages.js';
import {
  classOf, countryCounts, countryRoles, emptyState, formatParams, hitClasses, hitFillExpression, isSelected,
  pageCount, parseItem, parseParams, periodRange, searchQuery, snippetParts, toggleFilter, unescapeHtml,
} from '../src/views/toolbox-model.js';

afterEach(() => setLang('en'));

test('hash keys round-trip: words, filters (organisations by |), role, sort, page, item', () => {
  const params = {
    q: 'seasonal workers',
    country: 'MDA,geo',
    theme: 'legal-migration',
    org: 'IOM|Centre for Employment of Citizens Abroad, Kyrgyzstan',
    period: '2010s,2020s',
    role: 'partner',
    sort: 'date',
    page: '2',
    item: 'strategy:mda',
  };
  const state = parseParams(params);
  assert.equal(state.q, 'seasonal workers');
  assert.deepEqual(state.filters.country, ['MDA', 'GEO']);
  assert.deepEqual(state.filters.org, ['IOM', 'Centre for Employment of Citizens Abroad, Kyrgyzstan']);
  assert.equal(state.role, 'partner');
  assert.equal(state.page, 2);
  assert.deepEqual(state.item, { type: 'strategy', key: 'MDA' });
  assert.deepEqual(formatParams(state), { ...params, country: 'MDA,GEO', item: 'strategy:MDA' });
  assert.deepEqual(formatParams(emptyState()), {});
});

test('bad hash values are dropped, not passed to the API', () => {
  const state = parseParams({ country: 'MD,MDA,<x>', period: '201s,1990s', role: 'boss', sort: 'random', page: '-3', item: 'strategy:Moldova' });
  assert.deepEqual(state.filters.country, ['MDA']);
  assert.deepEqual(state.filters.period, ['1990s']);
  assert.equal(state.role, null);
  assert.equal(state.sort, 'relevance');
  assert.equal(state.page, 1);
  assert.equal(state.item, null);
  assert.equal(parseParams({ role: 'partner' }).role, null); // a role needs a country
  assert.deepEqual(parseItem('initiative:eu-moldova-mobility-partnership'), { type: 'initiative', key: 'eu-moldova-mobility-partnership' });
  assert.equal(parseItem('program:x'), null);
});

test('the search request: repeated filters, decades as a year range, page as offset, lang without words', () => {
  const state = parseParams({ q: 'сезонные работники', country: 'MDA,UZB', status: 'ongoing', org: 'IOM', period: '2010s,2000s', page: '3', sort: 'title' });
  const q = new URLSearchParams(searchQuery(state, { lang: 'ru' }));
  assert.equal(q.get('q'), 'сезонные работники');
  assert.equal(q.get('lang'), null); // the words' script chooses, as the API does
  assert.deepEqual(q.getAll('country'), ['MDA', 'UZB']);
  assert.deepEqual(q.getAll('implementation_status'), ['ongoing']);
  assert.deepEqual(q.getAll('organisation'), ['IOM']);
  assert.equal(q.get('year_from'), '2000');
  assert.equal(q.get('year_to'), '2019');
  assert.equal(q.get('sort'), 'title');
  assert.equal(q.get('limit'), '10');
  assert.equal(q.get('offset'), '20');
  const none = new URLSearchParams(searchQuery(emptyState(), { lang: 'ru', limit: 1000, facets: false }));
  assert.equal(none.get('lang'), 'ru');
  assert.equal(none.get('q'), null);
  assert.equal(none.get('sort'), null);
  assert.equal(none.get('facets'), 'false');
  assert.deepEqual(periodRange([]), null);
});

test('checking a facet value narrows from page 1 and closes the item; unchecking the last country drops the role', () => {
  let state = parseParams({ page: '4', item: 'practice:x', country: 'MDA', role: 'partner' });
  state = toggleFilter(state, 'theme', 'legal-migration', true);
  assert.equal(state.page, 1);
  assert.equal(state.item, null);
  assert.deepEqual(state.filters.theme, ['legal-migration']);
  assert.equal(state.role, 'partner');
  state = toggleFilter(state, 'country', 'MDA', false);
  assert.deepEqual(state.filters.country, []);
  assert.equal(state.role, null);
  assert.ok(isSelected(parseParams({ period: '2010s' }), 'period', { value: '2010s' }));
  assert.ok(isSelected(emptyState(), 'theme', { value: 'x', selected: true }));
  assert.ok(!isSelected(emptyState(), 'theme', { value: 'x', selected: false }));
});

test('snippets become text parts and marks, never markup', () => {
  assert.deepEqual(snippetParts('Hiring <mark>seasonal</mark> &amp; <mark>workers</mark> &lt;script&gt;'), [
    { text: 'Hiring ', mark: false },
    { text: 'seasonal', mark: true },
    { text: ' & ', mark: false },
    { text: 'workers', mark: true },
    { text: ' <script>', mark: false },
  ]);
  assert.deepEqual(snippetParts('<b>x</b>'), [{ text: '<b>x</b>', mark: false }]);
  assert.deepEqual(snippetParts(''), []);
  assert.equal(unescapeHtml('&quot;a&quot; &#x27;b&#x27; &#39;c&#39; &unknown;'), '"a" \'b\' \'c\' &unknown;');
});

test('the result map: countries by number of results, classes that fit the counts', () => {
  const counts = countryCounts([{ countries: ['MDA', 'ROU'] }, { countries: ['MDA', 'MDA'] }, { countries: [] }]);
  assert.deepEqual([...counts], [['MDA', 2], ['ROU', 1]]);
  assert.deepEqual(hitClasses(counts).map((c) => [c.min, c.max]), [[1, 1], [2, 2]]);
  assert.deepEqual(hitClasses(new Map([['A', 12]])).map((c) => [c.min, c.max]), [[1, 1], [2, 3], [4, 7], [8, 12]]);
  assert.equal(classOf(0, hitClasses(counts)), -1);
  assert.equal(classOf(5, hitClasses(new Map([['A', 12]]))), 2);
  const fill = hitFillExpression({ counts });
  assert.deepEqual(fill.slice(0, 2), ['match', ['get', 'iso3']]);
  assert.equal(fill[fill.indexOf('MDA') + 1], '#8c96c6');
  assert.equal(fill[fill.indexOf('ROU') + 1], '#bfd3e6');
  assert.deepEqual(fill.at(-1), ['case', ['==', ['get', 'role'], 'scope'], '#d9d7d2', 'rgba(0, 0, 0, 0)']);
  assert.deepEqual(hitFillExpression({ counts: new Map() }), fill.at(-1));
  const byRole = hitFillExpression({ roles: new Map([['MDA', 'strategy'], ['ROU', 'applied']]) });
  assert.deepEqual(byRole.slice(2, 6), ['MDA', '#810f7c', 'ROU', '#9ebcda']);
  const roles = countryRoles([{ iso3: 'DEU', role: 'implementer' }, { iso3: 'MDA', role: 'partner' }, { iso3: 'DEU', role: 'partner' }]);
  assert.deepEqual([...roles], [['DEU', 'partner'], ['MDA', 'partner']]);
  assert.equal(pageCount(0), 1);
  assert.equal(pageCount(21), 3);
});

test('the result layer is valid MapLibre style with each kind of fill', () => {
  const fills = [
    hitFillExpression({ counts: new Map([['MDA', 9], ['ROU', 1], ['GEO', 3]]) }),
    hitFillExpression({ counts: new Map() }),
    hitFillExpression({ roles: countryRoles([{ iso3: 'DEU', role: 'implementer' }, { iso3: 'MDA', role: 'partner' }]) }),
  ];
  for (const fill of fills) {
    const style = {
      version: 8,
      sources: { imap: { type: 'vector', tiles: ['http://127.0.0.1/{z}/{x}/{y}'] } },
      layers: [{ id: 'toolbox-hits', type: 'fill', source: 'imap', 'source-layer': 'countries', paint: { 'fill-color': fill, 'fill-opacity': 0.85 } }],
    };
    assert.deepEqual(validateStyleMin(style), [], JSON.stringify(fill));
  }
});

test('every toolbox string exists in English and Russian, and counts agree', () => {
  assert.deepEqual(Object.keys(messages.ru).sort(), Object.keys(messages.en).sort());
  const params = { n: 2, min: 1, max: 3, page: 1, pages: 2, error: 'e', notes: 'n', decade: '2010', item: 'x', country: 'C', objective: 'O', date: 'd', year: '2020', score: '0.5' };
  for (const lang of ['en', 'ru']) {
    setLang(lang);
    for (const key of Object.keys(messages[lang])) {
      const text = t(key, params);
      assert.ok(text && text !== key && !/\{\w+\}/.test(text), `${lang} ${key}: ${text}`);
    }
  }
  setLang('ru');
  assert.equal(t('toolbox.total', { n: 1 }), '1 результат');
  assert.equal(t('toolbox.total', { n: 3 }), '3 результата');
  assert.equal(t('toolbox.total', { n: 1234 }), '1\u00a0234 результата');
  assert.equal(t('toolbox.total', { n: 11 }), '11 результатов');
  assert.equal(t('toolbox.map.class', { min: 2, max: 5 }), '2–5 результатов');
  assert.equal(t('nav.toolbox'), 'Инструменты');
  setLang('en');
  assert.equal(t('toolbox.total', { n: 1 }), '1 result');
  assert.equal(t('toolbox.total', { n: 1234 }), '1,234 results');
  assert.equal(t('toolbox.map.class', { min: 4, max: 7 }), '4–7 results');
});
