/**
 * The legend (#legend): title, quantile classes, the "no data" swatch and the source line; or, in
 * the group view, the Prague Process groups with the number of states in each. In the interface's
 * language (`data-lang`).
 */
import { CONTEXT, NO_DATA } from './classify.js';
import { formatShort, formatYear, withUnit } from './format.js';
import { h } from './dom.js';
import { getLang, groupName, localName, t, unitName } from './i18n.js';

function swatch(color) {
  const el = h('span', { class: 'swatch', 'aria-hidden': 'true' });
  el.style.background = color;
  return el;
}

/** "Unemployment (% of labour force)" in the current language. */
export function indicatorTitle(indicator) {
  const name = localName(indicator);
  return indicator.unit ? `${name} (${unitName(indicator.unit)})` : name;
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
  rows.push(h('li', { 'data-class': 'nodata' }, swatch(NO_DATA), h('span', {}, t('legend.noData'))));

  const range = classes.length
    ? t('legend.range', {
      from: withUnit(formatShort(classes[0].min), indicator.unit),
      to: withUnit(formatShort(classes.at(-1).max), indicator.unit),
    })
    : t('legend.noDataYear');
  const facts = [formatYear(year), t('legend.states', { count, total: scopeCount })];
  if (classes.length > 1) facts.push(t('legend.quantiles'));
  Object.assign(root.dataset, {
    view: 'indicator', indicator: indicator.code, year: String(year), count: String(count), lang: getLang(),
  });
  root.replaceChildren(
    h('h2', { class: 'legend-title' }, indicatorTitle(indicator)),
    h('p', { class: 'legend-year' }, facts.join(' · ')),
    h('ul', { class: 'legend-classes' }, ...rows),
    h('p', { class: 'legend-range', 'data-testid': 'legend-range' }, range),
    sourceLine(indicator),
    downloads(indicator, year),
  );
}

/** "Source: …" (the organisation as the catalogue names it, in English). */
export function sourceLine(indicator) {
  const source = indicator.source_organization ?? t('legend.sourceUnknown');
  return h('p', { class: 'legend-source' }, t('legend.source', { source }));
}

/** "Download: CSV · XLSX": this indicator's values for the year, as the API serves them. */
export function downloads(indicator, year) {
  return h('p', { class: 'legend-downloads' }, `${t('legend.download')} `, download(indicator, year, 'csv'), ' · ',
    download(indicator, year, 'xlsx'));
}

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
      swatch(color), h('span', {}, `${groupName(group)} (${counts.get(group)})`)));
  rows.push(h('li', { 'data-group': 'context' }, swatch(CONTEXT), h('span', {}, t('legend.neighbours'))));
  for (const key of ['indicator', 'year', 'count']) delete root.dataset[key];
  root.dataset.view = 'group';
  root.dataset.lang = getLang();
  root.replaceChildren(
    h('h2', { class: 'legend-title' }, t('legend.groups')),
    h('p', { class: 'legend-year' }, t('legend.groupStates', { count: groupOf.size })),
    h('ul', { class: 'legend-classes' }, ...rows),
  );
}
