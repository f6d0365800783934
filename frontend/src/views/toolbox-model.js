/**
 * The toolbox view's state (pure, no DOM): its hash keys, the search request they make, the
 * highlighted snippets of toolbox-api's search, the detail item named in the hash, and the map's
 * colours for the countries a result set touches.
 *
 * Hash keys (all optional): q (the words), type, country, group, theme, kind, evidence, status
 * (implementation status), period (decades, `2010s`): comma-separated values; org: organisation
 * names separated by `|` (names may hold commas); role (implementer | partner, with country);
 * sort (date | title; relevance is the default); page (1-based); item (`initiative:<slug>`,
 * `practice:<slug>` or `strategy:<ISO3>`).
 */

/** Facets of the search answer the view shows, in this order, with the hash key of each. */
export const FACETS = [
  { facet: 'type', key: 'type' },
  { facet: 'country', key: 'country' },
  { facet: 'group', key: 'group' },
  { facet: 'theme', key: 'theme' },
  { facet: 'kind', key: 'kind' },
  { facet: 'implementation_status', key: 'status' },
  { facet: 'evidence', key: 'evidence' },
  { facet: 'period', key: 'period' },
  { facet: 'organisation', key: 'org' },
];
/** The search API's query parameter of each filter (period is a year range instead). */
const API_PARAM = {
  type: 'type',
  country: 'country',
  group: 'group',
  theme: 'theme',
  kind: 'kind',
  status: 'implementation_status',
  evidence: 'evidence',
  org: 'organisation',
};
export const SORTS = ['relevance', 'date', 'title'];
export const ROLES = ['implementer', 'partner'];
export const ITEM_TYPES = ['initiative', 'practice', 'strategy'];
export const PAGE_SIZE = 10;
const SEPARATOR = { org: '|' };
const sep = (key) => SEPARATOR[key] ?? ',';

/** An empty search: no words, no filters, first page, relevance, no item open. */
export function emptyState() {
  const filters = {};
  for (const { key } of FACETS) filters[key] = [];
  return { q: '', filters, role: null, sort: 'relevance', page: 1, item: null };
}

/** `initiative:eu-moldova` -> {type: 'initiative', key: 'eu-moldova'}; strategies by ISO3 (upper case). */
export function parseItem(value) {
  const m = /^(initiative|practice|strategy):(.{1,120})$/.exec(String(value ?? ''));
  if (!m) return null;
  const key = m[1] === 'strategy' ? m[2].toUpperCase() : m[2];
  if (m[1] === 'strategy' && !/^[A-Z]{3}$/.test(key)) return null;
  return { type: m[1], key };
}

export const formatItem = (item) => (item ? `${item.type}:${item.key}` : null);

/** The view's state from its hash keys (unknown or malformed values are dropped). */
export function parseParams(params = {}) {
  const state = emptyState();
  state.q = String(params.q ?? '').trim().slice(0, 200);
  for (const { key } of FACETS) {
    const raw = String(params[key] ?? '');
    const values = raw.split(sep(key)).map((v) => v.trim()).filter(Boolean);
    const ok = key === 'country' ? values.map((v) => v.toUpperCase()).filter((v) => /^[A-Z]{3}$/.test(v))
      : key === 'period' ? values.filter((v) => /^\d{3}0s$/.test(v)) : values;
    state.filters[key] = [...new Set(ok)];
  }
  state.role = ROLES.includes(params.role) && state.filters.country.length ? params.role : null;
  state.sort = SORTS.includes(params.sort) ? params.sort : 'relevance';
  const page = Number.parseInt(params.page ?? '1', 10);
  state.page = Number.isFinite(page) && page >= 1 && page <= 100000 ? page : 1;
  state.item = parseItem(params.item);
  return state;
}

/** The view's hash keys for a state (defaults left out). */
export function formatParams(state) {
  const out = {};
  if (state.q) out.q = state.q;
  for (const { key } of FACETS) {
    const values = state.filters[key] ?? [];
    if (values.length) out[key] = values.join(sep(key));
  }
  if (state.role && state.filters.country?.length) out.role = state.role;
  if (state.sort && state.sort !== 'relevance') out.sort = state.sort;
  if (state.page > 1) out.page = String(state.page);
  const item = formatItem(state.item);
  if (item) out.item = item;
  return out;
}

/** Decades `2010s` -> the year range covering all of them: {from: 2010, to: 2029} for 2010s, 2020s. */
export function periodRange(decades) {
  const starts = decades.map((d) => Number.parseInt(d, 10)).filter(Number.isFinite);
  if (!starts.length) return null;
  return { from: Math.min(...starts), to: Math.max(...starts) + 9 };
}

/**
 * The query string of GET /v1/search for a state: the words, every filter (repeated parameters),
 * the order and the page. Without words the snippets come in the interface's language (`lang`);
 * with words the query's own script chooses the texts searched and the snippets, as the API does.
 */
export function searchQuery(state, { lang = 'en', limit = PAGE_SIZE, facets = true, offset } = {}) {
  const query = new URLSearchParams();
  if (state.q) query.set('q', state.q);
  else query.set('lang', lang);
  for (const [key, param] of Object.entries(API_PARAM)) {
    for (const value of state.filters[key] ?? []) query.append(param, value);
  }
  if (state.role && state.filters.country?.length) query.set('role', state.role);
  const range = periodRange(state.filters.period ?? []);
  if (range) {
    query.set('year_from', String(range.from));
    query.set('year_to', String(range.to));
  }
  if (state.sort !== 'relevance') query.set('sort', state.sort);
  query.set('limit', String(limit));
  query.set('offset', String(offset ?? (state.page - 1) * limit));
  if (!facets) query.set('facets', 'false');
  return query.toString();
}

/** Adds or removes one value of a filter; any change of the search goes back to page 1. */
export function toggleFilter(state, key, value, on) {
  const now = state.filters[key] ?? [];
  const values = on ? [...new Set([...now, value])] : now.filter((v) => v !== value);
  const next = { ...state, filters: { ...state.filters, [key]: values }, page: 1, item: null };
  if (key === 'country' && !values.length) next.role = null;
  return next;
}

/** Is a facet value chosen? (The API marks its filters' values; decades are ours.) */
export function isSelected(state, key, facetValue) {
  if (key === 'period') return (state.filters.period ?? []).includes(facetValue.value);
  return Boolean(facetValue.selected) || (state.filters[key] ?? []).includes(facetValue.value);
}

const ENTITIES = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
/** HTML-escaped text back to text: &amp; &lt; &gt; &quot; &#x27; &#39; (and other numeric ones). */
export function unescapeHtml(text) {
  return String(text).replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name) => {
    if (name[0] === '#') {
      const code = name[1] === 'x' || name[1] === 'X' ? Number.parseInt(name.slice(2), 16) : Number(name.slice(1));
      return Number.isFinite(code) && code > 0 && code < 0x110000 ? String.fromCodePoint(code) : whole;
    }
    return ENTITIES[name.toLowerCase()] ?? whole;
  });
}

/**
 * A snippet of the search (HTML-escaped text in which only <mark>...</mark> are tags) as parts to
 * build DOM from: [{text, mark}], text unescaped. Never parsed as HTML; a stray tag stays text.
 */
export function snippetParts(snippet) {
  const parts = [];
  let mark = false;
  for (const token of String(snippet ?? '').split(/(<mark>|<\/mark>)/)) {
    if (token === '<mark>') mark = true;
    else if (token === '</mark>') mark = false;
    else if (token) parts.push({ text: unescapeHtml(token), mark });
  }
  return parts;
}

/** How many of the hits each country takes part in: Map iso3 -> count. */
export function countryCounts(hits) {
  const counts = new Map();
  for (const hit of hits) for (const iso3 of new Set(hit.countries ?? [])) counts.set(iso3, (counts.get(iso3) ?? 0) + 1);
  return counts;
}

/** Colours of the result map, light to dark (ColorBrewer BuPu), and of the roles on a detail. */
export const HIT_COLOURS = ['#bfd3e6', '#8c96c6', '#8856a7', '#810f7c'];
export const ROLE_COLOURS = {
  implementer: '#1b7837', partner: '#8856a7', strategy: '#810f7c', applied: '#9ebcda', preview: '#810f7c',
};
/** Prague Process states outside the results (or the record) are grey; neighbours keep the basemap. */
export const OTHER_SCOPE = '#d9d7d2';
const REST = ['case', ['==', ['get', 'role'], 'scope'], OTHER_SCOPE, 'rgba(0, 0, 0, 0)'];

/**
 * Classes of the result map by number of results: upper bounds of up to four classes, so
 * 1 | 2-3 | 4-7 | 8+ for a large result set, fewer when the counts are small.
 */
export function hitClasses(counts) {
  const max = Math.max(0, ...counts.values());
  const bounds = [1, 3, 7, Infinity];
  return bounds.filter((b, i) => i === 0 || bounds[i - 1] < max).map((b, i, all) => ({
    min: i === 0 ? 1 : all[i - 1] + 1,
    max: b === Infinity ? max : Math.min(b, max),
    colour: HIT_COLOURS[i],
  }));
}

/** The class of a count (index into hitClasses), -1 for none. */
export function classOf(count, classes) {
  return count > 0 ? classes.findIndex((c) => count <= c.max) : -1;
}

/**
 * The fill colour of the result layer: a `match` on the tiles' iso3, each country in its class's
 * colour (or by role: `roles` iso3 -> implementer | partner | strategy | applied); the other
 * Prague Process states grey, neighbours transparent (the basemap's muted fill).
 */
export function hitFillExpression({ counts = new Map(), roles = null } = {}) {
  const pairs = [];
  if (roles) {
    for (const [iso3, role] of roles) pairs.push(iso3, ROLE_COLOURS[role] ?? ROLE_COLOURS.partner);
  } else {
    const classes = hitClasses(counts);
    for (const [iso3, n] of counts) {
      const i = classOf(n, classes);
      if (i >= 0) pairs.push(iso3, classes[i].colour);
    }
  }
  if (!pairs.length) return REST;
  return ['match', ['get', 'iso3'], ...pairs, REST];
}

/** An initiative's countries by role: iso3 -> implementer | partner (partner wins when both). */
export function countryRoles(countries = []) {
  const roles = new Map();
  for (const { iso3, role } of countries) if (roles.get(iso3) !== 'partner') roles.set(iso3, role);
  return roles;
}

/** Number of pages for a total. */
export const pageCount = (total, limit = PAGE_SIZE) => Math.max(1, Math.ceil(total / limit));
