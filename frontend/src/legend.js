/**
 * The legend (#legend): title, quantile classes, the "no data" swatch and the source line; or, in
 * the group view, the Prague Process groups with the number of states in each.
 */
import { CONTEXT, NO_DATA } from './classify.js';
import { formatShort, withUnit } from './format.js';
import { h } from './dom.js';

function swatch(color) {
  const el = h('span', { class: 'swatch', 'aria-hidden': 'true' });
  el.style.background = color;
  return el;
}

/**
 * @param {HTMLElement} root
 * @param {{indicator: object, year: number, classes: Array, count: number, scopeCount: number}} view
 */
export function renderLegend(root, { indicator, year, classes, count, scopeCount }) {
  const rows = classes.map((c, i) => {
    const label = c.min === c.max ? formatShort(c.min) : `${formatShort(c.min)} – ${formatShort(c.max)}`;
    return h('li', { 'data-class': String(i), 'data-min': String(c.min), 'data-max': String(c.max) },
      swatch(c.color), h('span', {}, label));
  });
  rows.push(h('li', { 'data-class': 'nodata' }, swatch(NO_DATA), h('span', {}, 'No data')));

  const title = indicator.unit ? `${indicator.name_en} (${indicator.unit})` : indicator.name_en;
  const range = classes.length
    ? `${withUnit(formatShort(classes[0].min), indicator.unit)} to ${withUnit(formatShort(classes.at(-1).max), indicator.unit)}`
    : 'No data for this year';
  Object.assign(root.dataset, { view: 'indicator', indicator: indicator.code, year: String(year), count: String(count) });
  root.replaceChildren(
    h('h2', { class: 'legend-title' }, title),
    h('p', { class: 'legend-year' }, `${year} · ${count} of ${scopeCount} states${classes.length > 1 ? ' · quantiles' : ''}`),
    h('ul', { class: 'legend-classes' }, ...rows),
    h('p', { class: 'legend-range', 'data-testid': 'legend-range' }, range),
    h('p', { class: 'legend-source' }, `Source: ${indicator.source_organization ?? 'not stated'}`),
    h('p', { class: 'legend-downloads' }, 'Download: ', download(indicator, year, 'csv'), ' · ',
      download(indicator, year, 'xlsx')),
  );
}

/** A link to this indicator's values for the year, as the API serves them (units and sources kept). */
function download(indicator, year, format) {
  const query = new URLSearchParams({ year: String(year), limit: '1000', format });
  const href = `/api/profiles/v1/indicators/${encodeURIComponent(indicator.code)}/observations?${query}`;
  return h('a', { href, 'data-testid': `download-${format}`, download: '' }, format.toUpperCase());
}

/**
 * The group view's legend: one row per Prague Process group (`li[data-group]`, `data-count`), then
 * the neighbouring states.
 * @param {{groups: Array<[string, string]>, groupOf: Map<string, string>}} view
 */
export function renderGroupLegend(root, { groups, groupOf }) {
  const counts = new Map();
  for (const group of groupOf.values()) counts.set(group, (counts.get(group) ?? 0) + 1);
  const rows = groups.filter(([group]) => counts.has(group)).map(([group, color]) =>
    h('li', { 'data-group': group, 'data-count': String(counts.get(group)) },
      swatch(color), h('span', {}, `${group} (${counts.get(group)})`)));
  rows.push(h('li', { 'data-group': 'context' }, swatch(CONTEXT), h('span', {}, 'Neighbouring states')));
  for (const key of ['indicator', 'year', 'count']) delete root.dataset[key];
  root.dataset.view = 'group';
  root.replaceChildren(
    h('h2', { class: 'legend-title' }, 'Prague Process groups'),
    h('p', { class: 'legend-year' }, `${groupOf.size} states`),
    h('ul', { class: 'legend-classes' }, ...rows),
  );
}
