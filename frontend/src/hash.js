/**
 * The view kept in the URL hash (pure), so that every view is a link and back/forward work.
 *
 * The indicator view (the default): #lang=ru&indicator=SP.POP.TOTL&year=2020&country=ALB, plus
 * `colour=group` when the map is coloured by Prague Process group, `table=1` when the table
 * alternative is shown and `sort=-value` for its order (`name` is the default; `-` for descending).
 *
 * Every other view (./views/): #lang=ru&view=routes&month=2023-05&route=eastern-borders — `view`
 * names it and the view's own keys follow (any but `lang` and `view`; `params`, strings, sorted by key).
 */
import { normalizeLang } from './i18n.js';

export const SORTS = ['name', '-name', 'value', '-value'];
export const DEFAULT_SORT = 'name';
export const DEFAULT_VIEW = 'indicator';
const COMMON = new Set(['lang', 'view']);

export function parseHash(hash) {
  const params = new URLSearchParams(String(hash ?? '').replace(/^#/, ''));
  const year = Number.parseInt(params.get('year') ?? '', 10);
  const sort = params.get('sort');
  const view = /^[a-z][a-z-]{0,30}$/.test(params.get('view') ?? '') ? params.get('view') : DEFAULT_VIEW;
  const extra = {};
  for (const [key, value] of params) if (!COMMON.has(key) && value !== '') extra[key] = value;
  return {
    lang: normalizeLang(params.get('lang')),
    view,
    params: view === DEFAULT_VIEW ? {} : extra,
    indicator: params.get('indicator') || null,
    year: Number.isFinite(year) ? year : null,
    country: params.get('country')?.toUpperCase() || null,
    colour: params.get('colour') === 'group' ? 'group' : 'indicator',
    table: ['1', 'true', 'yes'].includes(params.get('table') ?? ''),
    sort: SORTS.includes(sort) ? sort : DEFAULT_SORT,
  };
}

export function formatHash({ lang, view = DEFAULT_VIEW, params: own = {}, indicator, year, country, colour, table, sort }) {
  const params = new URLSearchParams();
  if (lang) params.set('lang', lang);
  if (view && view !== DEFAULT_VIEW) {
    params.set('view', view);
    for (const [key, value] of Object.entries(own ?? {}).sort(([a], [b]) => (a < b ? -1 : 1))) {
      if (!COMMON.has(key) && value !== null && value !== undefined && value !== '') params.set(key, String(value));
    }
    return `#${params.toString()}`;
  }
  if (indicator) params.set('indicator', indicator);
  if (year) params.set('year', String(year));
  if (country) params.set('country', country);
  if (colour === 'group') params.set('colour', 'group');
  if (table) params.set('table', '1');
  if (table && sort && sort !== DEFAULT_SORT && SORTS.includes(sort)) params.set('sort', sort);
  return `#${params.toString()}`;
}

/** The same view? (Two hashes that differ only in order or defaults are one view.) */
export const sameView = (a, b) => formatHash(parseHash(a)) === formatHash(parseHash(b));
