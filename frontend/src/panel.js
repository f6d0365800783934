/**
 * The country side panel (#panel): profile facts, every indicator's value for the chosen year,
 * and the initiatives of the toolbox. A bottom sheet on narrow screens (see style.css).
 */
import { fetchCountry, fetchInitiatives, fetchObservations } from './api.js';
import { h } from './dom.js';
import { formatTheme, formatValue, formatYears, isMissing } from './format.js';

const yesNo = (flag) => (flag === true ? 'yes' : flag === false ? 'no' : 'unknown');
const safeUrl = (url) => (/^https?:\/\//i.test(url ?? '') ? url : null);

export function createPanel(root, { onClose }) {
  const body = root.querySelector('.panel-body');
  const closeButton = root.querySelector('.panel-close');
  let controller = null;
  let returnFocus = null;

  closeButton.addEventListener('click', () => onClose());

  function close() {
    controller?.abort();
    controller = null;
    root.hidden = true;
    body.replaceChildren();
    delete root.dataset.country;
    delete root.dataset.state;
    if (returnFocus?.isConnected) returnFocus.focus();
    returnFocus = null;
  }

  /**
   * Shows one country. `cache(code, year)` may hold observations already fetched for the map;
   * `focus` moves the keyboard focus into the panel (not on a refresh after a year change).
   * @returns {Promise<void>} resolved when the panel is filled (or replaced by a newer call)
   */
  async function open({ iso3, name, year, indicators, current, cache, focus = true }) {
    controller?.abort();
    controller = new AbortController();
    const { signal } = controller;
    if (root.hidden) returnFocus = document.activeElement;
    root.hidden = false;
    root.dataset.country = iso3;
    root.dataset.state = 'loading';
    root.setAttribute('aria-label', `Country profile: ${name ?? iso3}`);
    body.replaceChildren(h('h2', { 'data-testid': 'country-name' }, name ?? iso3), h('p', { class: 'muted' }, 'Loading…'));
    if (focus && !root.contains(document.activeElement)) closeButton.focus({ preventScroll: true });

    const valueOf = async (ind) => {
      const all = cache(ind.code, year);
      if (all) return all.get(iso3);
      const one = await fetchObservations(ind.code, year, { countries: [iso3], signal });
      return one.get(iso3);
    };
    const [profile, values, initiatives] = await Promise.allSettled([
      fetchCountry(iso3, { signal }),
      Promise.all(indicators.map(valueOf)),
      fetchInitiatives(iso3, { signal }),
    ]);
    if (signal.aborted) return;

    body.replaceChildren(
      ...profileSection(profile, name ?? iso3),
      ...valuesSection(values, indicators, year, current),
      ...initiativesSection(initiatives),
    );
    root.dataset.state = 'ready';
  }

  return { open, close, get isOpen() { return !root.hidden; } };
}

function failed(what, result) {
  return h('p', { class: 'error', role: 'alert' }, `Could not load ${what}: ${result.reason?.message ?? 'error'}`);
}

function profileSection(result, fallbackName) {
  if (result.status === 'rejected') {
    return [h('h2', { 'data-testid': 'country-name' }, fallbackName), failed('the country profile', result)];
  }
  const p = result.value;
  return [
    h('h2', { 'data-testid': 'country-name' }, p.name_en ?? fallbackName),
    h('dl', { class: 'facts' },
      h('dt', {}, 'Group'), h('dd', { 'data-testid': 'country-group' }, p.pp_group ?? '—'),
      p.capital ? h('dt', {}, 'Capital') : null, p.capital ? h('dd', {}, p.capital) : null,
      h('dt', {}, 'EU member'), h('dd', { 'data-testid': 'eu-member', 'data-flag': String(!!p.eu_member) }, yesNo(p.eu_member)),
      h('dt', {}, 'Schengen'), h('dd', { 'data-testid': 'schengen-member', 'data-flag': String(!!p.schengen_member) }, yesNo(p.schengen_member)),
    ),
  ];
}

function valuesSection(result, indicators, year, current) {
  const heading = h('h3', {}, `Indicators, ${year}`);
  if (result.status === 'rejected') return [heading, failed('the indicator values', result)];
  const rows = indicators.map((ind, i) => {
    const value = result.value[i];
    const cell = isMissing(value)
      ? h('td', { class: 'nodata' }, 'no data')
      : h('td', { 'data-value': String(value) }, formatValue(value, ind.unit));
    const attrs = { 'data-indicator': ind.code, class: ind.code === current ? 'current' : null };
    return h('tr', attrs, h('th', { scope: 'row' }, ind.name_en), cell);
  });
  return [heading, h('table', { class: 'values', 'data-testid': 'indicator-table' }, h('tbody', {}, ...rows))];
}

function initiativesSection(result) {
  const heading = h('h3', {}, 'Initiatives');
  if (result.status === 'rejected') return [heading, failed('the initiatives', result)];
  const { items = [], total = items.length } = result.value;
  if (!items.length) return [heading, h('p', { class: 'muted', 'data-testid': 'no-initiatives' }, 'No initiatives recorded yet.')];
  const list = items.map((it) => {
    const url = safeUrl(it.source_url);
    const title = url ? h('a', { href: url, target: '_blank', rel: 'noopener noreferrer' }, it.title_en) : h('span', {}, it.title_en);
    const years = formatYears(it.start_year, it.end_year);
    const themes = (it.themes ?? []).map(formatTheme).join(', ');
    return h('li', { 'data-testid': 'initiative', 'data-slug': it.slug },
      title,
      years ? h('span', { class: 'years' }, ` (${years})`) : null,
      themes ? h('div', { class: 'themes' }, themes) : null);
  });
  const more = total > items.length ? h('p', { class: 'muted' }, `Showing ${items.length} of ${total}.`) : null;
  return [heading, h('ul', { class: 'initiatives' }, ...list), more];
}
