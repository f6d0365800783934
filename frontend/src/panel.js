/**
 * The country side panel (#panel): profile facts, every indicator's value for the chosen year,
 * and the initiatives of the toolbox, in the interface's language. A bottom sheet on narrow screens
 * (see style.css).
 */
import { fetchCountry, fetchInitiatives, fetchObservations } from './api.js';
import { h } from './dom.js';
import { formatTheme, formatValue, formatYear, formatYears, isMissing } from './format.js';
import { getLang, groupName, localName, t } from './i18n.js';

const yesNo = (flag) => t(flag === true ? 'panel.yes' : flag === false ? 'panel.no' : 'panel.unknown');
const safeUrl = (url) => (/^https?:\/\//i.test(url ?? '') ? url : null);

/**
 * @param {HTMLElement} root
 * @param {{onClose: () => void, themes?: () => Map<string, object>}} options themes: code -> theme
 *   ({name_en, name_ru}) for the initiatives' themes, when known
 */
export function createPanel(root, { onClose, themes = () => new Map() }) {
  const body = root.querySelector('.panel-body');
  const closeButton = root.querySelector('.panel-close');
  const known = new Map(); // iso3 -> {profile, initiatives}: both languages, fetched once
  let controller = null;
  let returnFocus = null;

  closeButton.addEventListener('click', () => onClose());

  function close() {
    controller?.abort();
    controller = null;
    root.hidden = true;
    body.replaceChildren();
    for (const key of ['country', 'state', 'lang']) delete root.dataset[key];
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
    root.setAttribute('aria-label', t('panel.labelOf', { name: name ?? iso3 }));
    closeButton.setAttribute('aria-label', t('panel.close'));
    if (!known.has(iso3)) {
      body.replaceChildren(h('h2', { 'data-testid': 'country-name' }, name ?? iso3),
        h('p', { class: 'muted' }, t('panel.loading')));
    }
    if (focus && !root.contains(document.activeElement)) closeButton.focus({ preventScroll: true });

    const valueOf = async (ind) => {
      const all = cache(ind.code, year);
      if (all) return all.get(iso3);
      const one = await fetchObservations(ind.code, year, { countries: [iso3], signal });
      return one.get(iso3);
    };
    const once = known.get(iso3);
    const [profile, values, initiatives] = await Promise.allSettled([
      once?.profile ?? fetchCountry(iso3, { signal }),
      Promise.all(indicators.map(valueOf)),
      once?.initiatives ?? fetchInitiatives(iso3, { signal }),
    ]);
    if (signal.aborted) return;
    if (profile.status === 'fulfilled' && initiatives.status === 'fulfilled') {
      known.set(iso3, { profile: profile.value, initiatives: initiatives.value });
    }

    body.replaceChildren(
      ...profileSection(profile, name ?? iso3),
      ...valuesSection(values, indicators, year, current),
      ...initiativesSection(initiatives, themes()),
    );
    root.dataset.state = 'ready';
    root.dataset.lang = getLang();
  }

  return { open, close, get isOpen() { return !root.hidden; } };
}

function failed(what, result) {
  const error = result.reason?.message ?? 'error';
  return h('p', { class: 'error', role: 'alert' }, t('panel.failed', { what: t(`panel.what.${what}`), error }));
}

function profileSection(result, fallbackName) {
  if (result.status === 'rejected') {
    return [h('h2', { 'data-testid': 'country-name' }, fallbackName), failed('profile', result)];
  }
  const p = result.value;
  return [
    h('h2', { 'data-testid': 'country-name' }, localName(p) || fallbackName),
    h('dl', { class: 'facts' },
      h('dt', {}, t('panel.group')), h('dd', { 'data-testid': 'country-group', 'data-group': p.pp_group ?? '' }, groupName(p.pp_group) || '—'),
      p.capital ? h('dt', {}, t('panel.capital')) : null, p.capital ? h('dd', {}, p.capital) : null,
      h('dt', {}, t('panel.eu')), h('dd', { 'data-testid': 'eu-member', 'data-flag': String(!!p.eu_member) }, yesNo(p.eu_member)),
      h('dt', {}, t('panel.schengen')), h('dd', { 'data-testid': 'schengen-member', 'data-flag': String(!!p.schengen_member) }, yesNo(p.schengen_member)),
    ),
  ];
}

function valuesSection(result, indicators, year, current) {
  const heading = h('h3', {}, t('panel.indicators', { year: formatYear(year) }));
  if (result.status === 'rejected') return [heading, failed('values', result)];
  const rows = indicators.map((ind, i) => {
    const value = result.value[i];
    const cell = isMissing(value)
      ? h('td', { class: 'nodata' }, t('value.noData'))
      : h('td', { 'data-value': String(value) }, formatValue(value, ind.unit));
    const attrs = { 'data-indicator': ind.code, class: ind.code === current ? 'current' : null };
    return h('tr', attrs, h('th', { scope: 'row' }, localName(ind)), cell);
  });
  return [heading, h('table', { class: 'values', 'data-testid': 'indicator-table' }, h('tbody', {}, ...rows))];
}

function initiativesSection(result, themes) {
  const heading = h('h3', {}, t('panel.initiatives'));
  if (result.status === 'rejected') return [heading, failed('initiatives', result)];
  const { items = [], total = items.length } = result.value;
  if (!items.length) return [heading, h('p', { class: 'muted', 'data-testid': 'no-initiatives' }, t('panel.noInitiatives'))];
  const list = items.map((it) => {
    const url = safeUrl(it.source_url ?? it.sources?.[0]?.url);
    const text = localName(it, 'title');
    const title = url ? h('a', { href: url, target: '_blank', rel: 'noopener noreferrer' }, text) : h('span', {}, text);
    const years = formatYears(it.start_year, it.end_year);
    const names = (it.themes ?? []).map((code) => (themes.has(code) ? localName(themes.get(code)) : formatTheme(code)));
    return h('li', { 'data-testid': 'initiative', 'data-slug': it.slug },
      title,
      years ? h('span', { class: 'years' }, ` (${years})`) : null,
      names.length ? h('div', { class: 'themes' }, names.join('; ')) : null);
  });
  const more = total > items.length ? h('p', { class: 'muted' }, t('panel.showing', { shown: items.length, total })) : null;
  return [heading, h('ul', { class: 'initiatives' }, ...list), more];
}
