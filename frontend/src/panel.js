/**
 * The country side panel (#panel), in the interface's language: the country's facts, contents
 * (buttons that move to each section), key figures with their trend, charts of the main series,
 * every indicator's value for the chosen year, the Extended Migration Profile by template part
 * (edition, endorsement, sections), skill shortages, the toolbox's initiatives and partnership
 * strategy, and downloads (PDF, XLSX, CSV). A bottom sheet on narrow screens (see style.css).
 *
 * Each country's records are fetched once (both languages are in them); a new year only redraws
 * the year's values, so scrolling and opened sections stay as they were.
 */
import './panel.css';
import './panel.messages.js';
import { fetchCountry, fetchInitiatives, fetchObservations, fetchProfile, fetchStrategy } from './api.js';
import { h } from './dom.js';
import { formatValue, formatYear, isMissing } from './format.js';
import { getLang, groupName, LANG_NAMES, localName, t } from './i18n.js';
import { keyFiguresSection, chartsSection } from './panel/charts.js';
import { failed, muted, section, SECTIONS } from './panel/common.js';
import { profileDocSection, shortagesSection } from './panel/document.js';
import { downloadLinks, mainSeries } from './panel/figures.js';
import { initiativesSection, strategySection } from './panel/toolbox.js';

const yesNo = (flag) => t(flag === true ? 'panel.yes' : flag === false ? 'panel.no' : 'panel.unknown');
const HEADINGS = {
  keyfigures: 'panel.keyFigures',
  charts: 'panel.charts',
  profile: 'panel.profile',
  shortages: 'panel.shortages',
  initiatives: 'panel.initiatives',
  strategy: 'panel.strategy',
  downloads: 'panel.downloads',
};

/**
 * @param {HTMLElement} root
 * @param {{onClose: () => void, themes?: () => Map<string, object>, countryName?: (iso3: string) => string}} options
 *   themes: code -> theme ({name_en, name_ru}) for the initiatives' and objectives' themes, when
 *   known; countryName: a state's name in the interface's language (skill shortages reported for
 *   another state)
 */
export function createPanel(root, { onClose, themes = () => new Map(), countryName = (iso3) => iso3 }) {
  const body = root.querySelector('.panel-body');
  const closeButton = root.querySelector('.panel-close');
  const known = new Map(); // iso3 -> {country, profile, initiatives, strategy}: fetched once each
  let controller = null;
  let returnFocus = null;
  let drawn = null; // {iso3, lang, values (the section), themes (count)} of the panel as last drawn whole

  closeButton.addEventListener('click', () => onClose());

  function close() {
    controller?.abort();
    controller = null;
    drawn = null;
    root.hidden = true;
    body.replaceChildren();
    for (const key of ['country', 'state', 'lang', 'year']) delete root.dataset[key];
    if (returnFocus?.isConnected) returnFocus.focus();
    returnFocus = null;
  }

  /** Moves to a section: scrolls its heading into view and gives it the focus. */
  function goTo(id) {
    const heading = body.querySelector(`#panel-h-${id}`);
    if (!heading) return;
    heading.scrollIntoView({ block: 'start' });
    heading.focus({ preventScroll: true });
  }

  function contents(present) {
    const ids = SECTIONS.filter((id) => present.has(id));
    const label = (id) => (id === 'values' ? t('panel.indicators', { year: formatYear(Number(root.dataset.year)) }) : t(HEADINGS[id]));
    return h('nav', { class: 'panel-toc', 'aria-label': t('panel.toc'), 'data-testid': 'panel-toc' },
      h('ul', {}, ...ids.map((id) => {
        const button = h('button', { type: 'button', 'data-target': id }, label(id));
        button.addEventListener('click', () => goTo(id));
        return h('li', {}, button);
      })));
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
    const lang = getLang();
    // The themes' names arrive once, after the first panel may have been drawn with their codes.
    const refresh = drawn?.iso3 === iso3 && drawn.lang === lang && drawn.themes === themes().size && !root.hidden;
    root.hidden = false;
    if (root.dataset.country !== iso3) root.scrollTop = 0;
    root.dataset.country = iso3;
    root.dataset.state = 'loading';
    root.dataset.year = String(year);
    root.setAttribute('aria-label', t('panel.labelOf', { name: name ?? iso3 }));
    closeButton.setAttribute('aria-label', t('panel.close'));
    if (!refresh) drawn = null;
    if (!refresh && !known.has(iso3)) {
      body.replaceChildren(h('h2', { 'data-testid': 'country-name' }, name ?? iso3), muted(t('panel.loading')));
    }
    if (focus && !root.contains(document.activeElement)) closeButton.focus({ preventScroll: true });

    const valueOf = async (ind) => {
      const all = cache(ind.code, year);
      if (all) return all.get(iso3);
      const one = await fetchObservations(ind.code, year, { countries: [iso3], signal });
      return one.get(iso3);
    };
    if (refresh) {
      // Same country and language, another year (or indicator): only the year's values change.
      const [values] = await Promise.allSettled([Promise.all(indicators.map(valueOf))]);
      if (signal.aborted) return;
      const next = valuesSection(values, indicators, year, current);
      drawn.values.replaceWith(next);
      drawn.values = next;
      const tocButton = body.querySelector('.panel-toc button[data-target="values"]');
      if (tocButton) tocButton.textContent = t('panel.indicators', { year: formatYear(year) });
      root.dataset.state = 'ready';
      return;
    }

    const once = known.get(iso3) ?? {};
    const [country, values, initiatives, profile, strategy] = await Promise.allSettled([
      once.country ?? fetchCountry(iso3, { signal }),
      Promise.all(indicators.map(valueOf)),
      once.initiatives ?? fetchInitiatives(iso3, { signal }),
      once.profile ?? fetchProfile(iso3, { signal }),
      'strategy' in once ? once.strategy : fetchStrategy(iso3, { signal }),
    ]);
    if (signal.aborted) return;
    const keep = { country, initiatives, profile, strategy };
    const store = { ...once };
    for (const [key, result] of Object.entries(keep)) if (result.status === 'fulfilled') store[key] = result.value;
    known.set(iso3, store);

    const shownName = country.status === 'fulfilled' ? localName(country.value) || name || iso3 : name ?? iso3;
    const series = profile.status === 'fulfilled' ? mainSeries(profile.value) : [];
    const csvHref = (ind) => downloadLinks(iso3, { series: [ind] }).find((l) => l.indicator)?.href;
    const valuesNode = valuesSection(values, indicators, year, current);
    const sections = [
      keyFiguresSection(profile),
      chartsSection(profile, csvHref),
      valuesNode,
      profileDocSection(profile),
      shortagesSection(profile, { name: shownName, countryName }),
      initiativesSection(initiatives, { iso3, themes: themes() }),
      strategySection(strategy, { name: shownName, themes: themes() }),
      downloadsSection(iso3, {
        series,
        shortages: profile.status === 'fulfilled' && (profile.value.shortages ?? []).length > 0,
        initiatives: initiatives.status === 'fulfilled' && (initiatives.value.items ?? []).length > 0,
      }),
    ];
    const present = new Set(sections.map((s) => s.dataset.section));
    body.replaceChildren(...countrySection(country, name ?? iso3), contents(present), ...sections);
    drawn = { iso3, lang, values: valuesNode, themes: themes().size };
    root.dataset.state = 'ready';
    root.dataset.lang = lang;
  }

  return { open, close, get isOpen() { return !root.hidden; } };
}

function countrySection(result, fallbackName) {
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
  const heading = t('panel.indicators', { year: formatYear(year) });
  if (result.status === 'rejected') return section('values', heading, failed('values', result));
  const rows = indicators.map((ind, i) => {
    const value = result.value[i];
    const cell = isMissing(value)
      ? h('td', { class: 'nodata' }, t('value.noData'))
      : h('td', { 'data-value': String(value) }, formatValue(value, ind.unit));
    const attrs = { 'data-indicator': ind.code, class: ind.code === current ? 'current' : null };
    return h('tr', attrs, h('th', { scope: 'row' }, localName(ind)), cell);
  });
  return section('values', heading, h('table', { class: 'values', 'data-testid': 'indicator-table', 'data-year': String(year) }, h('tbody', {}, ...rows)));
}

function downloadLabel(link) {
  if (link.format === 'pdf') return t('panel.dl.pdf', { language: LANG_NAMES[link.lang] });
  if (link.format === 'xlsx') return t('panel.dl.xlsx');
  if (link.indicator) return t('panel.dl.series', { name: localName(link.indicator) });
  return t(`panel.dl.${link.id}`);
}

/** Links to the files, all through the gateway: PDF (English, Russian), XLSX and CSVs. */
function downloadsSection(iso3, which) {
  const items = downloadLinks(iso3, which).map((link) => h('li', {},
    h('a', {
      href: link.href, download: '', 'data-testid': 'download', 'data-format': link.format, 'data-download': link.id,
      hreflang: link.lang ?? null,
    }, downloadLabel(link)),
    h('span', { class: 'format' }, link.format.toUpperCase())));
  return section('downloads', t('panel.downloads'), h('ul', { class: 'downloads' }, ...items), muted(t('panel.dl.hint'), { class: 'muted small' }));
}
