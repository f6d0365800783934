/**
 * i-Map web client: wires the map, the language switch, the colour/indicator/year/country controls,
 * the legend, the table alternative, the side panel and the URL hash together. Every view is in the
 * hash (#lang=ru&indicator=SP.POP.TOTL&year=2020&country=ALB[&colour=group][&table=1&sort=-value]):
 * a user's change pushes a history entry, back/forward (popstate) and edited hashes (hashchange)
 * restore the view without a reload.
 *
 * The other views (routes, flows, toolbox, compare, editing) are modules under ./views/, listed in
 * ./views/index.js, each with its own section of #view-panel and its own keys in the hash
 * (#view=routes&route=...); this module switches between them (tabs in #views-nav) and hands them
 * the map, the countries and the hash (see the frontend README, "Views").
 */
import './style.css';
import { fetchIndicators, fetchObservations, fetchScopeCountries, fetchThemes } from './api.js';
import { fillColorExpression, quantileClasses } from './classify.js';
import { h } from './dom.js';
import { formatYear } from './format.js';
import { DEFAULT_VIEW, formatHash, parseHash, sameView } from './hash.js';
import { hoverInfo } from './hover.js';
import { compareText, getLang, localName, preferredLang, setLang, t } from './i18n.js';
import { renderGroupLegend, renderLegend } from './legend.js';
import { bindInteractions, createMap, setFillColor, setLabelLanguage, setSelected } from './map.js';
import { createPanel } from './panel.js';
import { GROUPS, groupFillExpression } from './style.js';
import { createTable } from './table.js';
import { createTooltip } from './tooltip.js';
import { VIEWS } from './views/index.js';

const DEFAULT_INDICATOR = 'SP.POP.TOTL';

const $ = (sel) => document.querySelector(sel);
const ui = {
  colour: $('#colour'),
  indicator: $('#indicator'),
  year: $('#year'),
  country: $('#country'),
  legend: $('#legend'),
  status: $('#status'),
  tableToggle: $('#table-toggle'),
  tableView: $('#table-view'),
  stage: $('.stage'),
  langButtons: [...document.querySelectorAll('.lang-switch button[data-lang]')],
  controls: $('.controls'),
  timeline: $('#timeline'),
  slider: $('#year-slider'),
  play: $('#play'),
  yearOut: $('#year-output'),
  nav: $('#views-nav'),
  viewPanel: $('#view-panel'),
};

const first = parseHash(window.location.hash);
const state = {
  lang: setLang(first.lang ?? preferredLang(navigator.languages ?? [navigator.language])),
  indicator: null,
  year: null,
  country: null,
  colour: 'indicator',
  table: false,
  sort: 'name',
  view: DEFAULT_VIEW,
};
const views = new Map(); // id -> {def, instance, root}: the other views, created once the data is in
const activeView = () => views.get(state.view)?.instance ?? null;
let ready = false; // the catalogue and the map are in: hash changes can be applied
let yearChosen = false; // the user (or the hash) picked the year: keep it across indicator changes
let indicators = [];
const byCode = new Map();
const scope = new Map(); // iso3 -> country record (name_en, name_ru, pp_group), Prague Process states only
const groupOf = new Map(); // iso3 -> Prague Process group
let themes = new Map(); // theme code -> {name_en, name_ru}
let shown = new Map(); // iso3 -> value of the indicator/year on the map

// --- observations, cached per indicator and year ----------------------------------------------
const pending = new Map();
const loaded = new Map();
function observations(code, year) {
  const key = `${code}|${year}`;
  if (!pending.has(key)) {
    const p = fetchObservations(code, year).then((values) => {
      loaded.set(key, values);
      return values;
    });
    p.catch(() => pending.delete(key)); // let a later call retry
    pending.set(key, p);
  }
  return pending.get(key);
}
const cached = (code, year) => loaded.get(`${code}|${year}`) ?? null;

async function latestYearWithData(ind) {
  for (let y = ind.last_year; y >= ind.first_year; y--) {
    if ((await observations(ind.code, y)).size) return y;
  }
  return ind.last_year;
}

const countryName = (iso3) => (scope.has(iso3) ? localName(scope.get(iso3)) : iso3);

// --- map, tooltip, panel, table ----------------------------------------------------------------
const map = createMap('map', { lang: state.lang });
window.__imap = { map };
const mapLoaded = new Promise((resolve) => map.once('load', resolve));
const tooltip = createTooltip(map.getContainer());
const panel = createPanel($('#panel'), {
  onClose: () => selectCountry(null, { push: true }),
  themes: () => themes,
  countryName,
});
const table = createTable(ui.tableView, {
  onSelect: (iso3) => selectCountry(iso3, { push: true }),
  onSort(sort) {
    state.sort = sort;
    writeHash();
    renderTable();
  },
});

bindInteractions(map, {
  onHover(hit, point) {
    if (!hit) return tooltip.show(null);
    const other = activeView();
    if (other) return tooltip.show(other.hoverInfo?.(hit) ?? null, point);
    const ind = byCode.get(state.indicator);
    const view = { mode: state.colour, values: shown, unit: ind?.unit, year: state.year, countryName };
    tooltip.show(hoverInfo(hit, view), point);
  },
  onSelect(iso3) {
    const view = activeView();
    if (view) view.onCountryClick?.(iso3);
    else selectCountry(iso3, { push: true });
  },
});

const currentHash = () => formatHash({ ...state, params: activeView()?.params() ?? {} });

/** Puts the view in the URL: a new history entry for a user's change, else in place. */
function writeHash({ push = false } = {}) {
  const hash = currentHash();
  if (hash === window.location.hash) return;
  if (push) window.history.pushState(null, '', hash);
  else window.history.replaceState(null, '', hash);
}

function setStatus(message) {
  ui.status.textContent = message ?? '';
  ui.status.hidden = !message;
}

// --- language ------------------------------------------------------------------------------------
/** Every fixed text of the page in the current language; the selects' names; the map's labels. */
function relabel() {
  document.documentElement.lang = state.lang;
  document.title = t('page.title');
  for (const el of document.querySelectorAll('[data-i18n]')) el.textContent = t(el.dataset.i18n);
  for (const el of document.querySelectorAll('[data-i18n-label]')) el.setAttribute('aria-label', t(el.dataset.i18nLabel));
  for (const b of ui.langButtons) b.setAttribute('aria-pressed', String(b.dataset.lang === state.lang));
  map.getCanvas().setAttribute('aria-label', t('map.canvas'));
  for (const [cls, key] of [['zoom-in', 'map.zoomIn'], ['zoom-out', 'map.zoomOut']]) {
    const button = map.getContainer().querySelector(`.maplibregl-ctrl-${cls}`);
    button?.setAttribute('title', t(key));
    button?.setAttribute('aria-label', t(key));
  }
  fillIndicators();
  fillCountries();
  fillNav();
  if (map.isStyleLoaded()) setLabelLanguage(map, state.lang);
  activeView()?.relabel();
}

// --- views ---------------------------------------------------------------------------------------
function fillNav() {
  const tabs = [[DEFAULT_VIEW, 'nav.indicator'], ...VIEWS.map((v) => [v.id, v.label])];
  ui.nav.replaceChildren(...tabs.map(([id, label]) => {
    const button = h('button', { type: 'button', class: 'toggle', id: `tab-${id}`, 'data-view': id }, t(label));
    button.setAttribute('aria-pressed', String(id === state.view));
    button.addEventListener('click', () => chooseView(id));
    return button;
  }));
}

/** What every view is given: the map, its own section, the countries, the hash and the status line. */
function viewContext(root) {
  return {
    map,
    root,
    countries: scope,
    groupOf,
    indicators: () => indicators,
    allIndicators: () => allIndicators,
    countryName,
    setStatus,
    /** The view's own state changed: a new history entry (`push`) or the URL updated in place. */
    changed: ({ push = true } = {}) => writeHash({ push }),
    /** Opens a country's profile in the indicator view. */
    openCountry(iso3) {
      state.country = scope.has(iso3) ? iso3 : null;
      return chooseView(DEFAULT_VIEW);
    },
  };
}

/** Leaves the current view and enters `id` with its hash keys; the indicator view redraws itself. */
async function switchView(id, params = {}) {
  const next = id === DEFAULT_VIEW || views.has(id) ? id : DEFAULT_VIEW;
  document.body.dataset.viewReady = '0';
  if (next !== state.view) {
    const leaving = views.get(state.view);
    if (leaving) {
      leaving.instance.leave();
      leaving.root.hidden = true;
    }
    state.view = next;
  }
  document.body.dataset.view = next;
  for (const b of ui.nav.querySelectorAll('button')) b.setAttribute('aria-pressed', String(b.dataset.view === next));
  const entry = views.get(next);
  stopPlaying();
  setStatus(null); // (the indicator view's loading line, when the page opened on another view)
  ui.controls.hidden = Boolean(entry);
  ui.timeline.hidden = Boolean(entry) || state.colour === 'group';
  ui.viewPanel.hidden = !entry;
  ui.stage.classList.toggle('view-open', Boolean(entry));
  if (entry) {
    // The basemap under another view: states by Prague Process group, no choropleth, legend or panel.
    if (panel.isOpen) panel.close();
    setSelected(map, null);
    state.table = false;
    showTable();
    ui.legend.replaceChildren();
    setFillColor(map, groupFillExpression());
    tooltip.show(null);
    entry.root.hidden = false;
    try {
      await entry.instance.enter(params);
    } catch (err) {
      setStatus(t('status.failedStart', { error: err.message }));
    }
  } else {
    if (!state.indicator) await chooseIndicator(DEFAULT_INDICATOR);
    await render();
  }
  if (state.view === next) document.body.dataset.viewReady = '1';
}

async function chooseView(id) {
  if (id === state.view) return;
  // A new history entry for the new view (a copy of this one, which the new view then rewrites
  // in place), so that the indicator view's own in-place URL updates cannot replace the old one.
  window.history.pushState(null, '', window.location.hash);
  await switchView(id);
  writeHash();
}

function fillIndicators() {
  const sorted = [...indicators].sort((a, b) => compareText(localName(a), localName(b)));
  ui.indicator.replaceChildren(...sorted.map((i) => h('option', { value: i.code }, localName(i))));
  if (state.indicator) ui.indicator.value = state.indicator;
}

function fillCountries() {
  const none = h('option', { value: '', 'data-i18n': 'controls.country.none' }, t('controls.country.none'));
  const sorted = [...scope.values()].sort((a, b) => compareText(localName(a), localName(b)));
  ui.country.replaceChildren(none, ...sorted.map((c) => h('option', { value: c.iso3 }, localName(c))));
  ui.country.value = state.country ?? '';
}

async function chooseLanguage(lang) {
  if (lang === state.lang) return;
  state.lang = setLang(lang);
  relabel();
  writeHash({ push: true });
  await render();
}

// --- the view ----------------------------------------------------------------------------------
function fillYears(ind) {
  const years = [];
  for (let y = ind.last_year; y >= ind.first_year; y--) years.push(y);
  ui.year.replaceChildren(...years.map((y) => h('option', { value: y }, formatYear(y))));
  ui.slider.min = String(ind.first_year);
  ui.slider.max = String(ind.last_year);
}

// --- the time slider and play ------------------------------------------------------------------
/** A copy of this history entry, which the next in-place updates then rewrite: one entry per gesture. */
const pushCopy = () => window.history.pushState(null, '', window.location.hash);
let playing = null; // {timer} while the map plays through the years

function showPlaying() {
  ui.play.setAttribute('aria-pressed', String(Boolean(playing)));
  ui.play.dataset.i18n = playing ? 'timeline.pause' : 'timeline.play';
  ui.play.textContent = t(ui.play.dataset.i18n);
}

function stopPlaying() {
  if (!playing) return;
  clearTimeout(playing.timer);
  playing = null;
  showPlaying();
}

/** Plays from the year shown (from the first year when at the last) to the last, a year a step. */
async function play() {
  const ind = byCode.get(state.indicator);
  pushCopy();
  playing = { timer: null };
  showPlaying();
  // Every year's values at once, so that the steps do not wait for the network.
  for (let y = ind.first_year; y <= ind.last_year; y++) observations(ind.code, y).catch(() => {});
  if (state.year >= ind.last_year) state.year = ind.first_year - 1;
  const step = async () => {
    if (!playing || state.indicator !== ind.code) return;
    state.year += 1;
    yearChosen = true;
    await render();
    if (!playing) return;
    if (state.year >= ind.last_year) stopPlaying();
    else playing.timer = setTimeout(step, 900);
  };
  await step();
}

function openPanel(focus) {
  return panel.open({
    iso3: state.country,
    name: countryName(state.country),
    year: state.year,
    indicators,
    current: state.indicator,
    cache: cached,
    focus,
  });
}

function showTable() {
  ui.tableView.hidden = !state.table;
  ui.tableToggle.setAttribute('aria-pressed', String(state.table));
  ui.stage.classList.toggle('table-open', state.table);
}

function renderTable() {
  if (!state.table) return;
  table.render({
    mode: state.colour,
    indicator: byCode.get(state.indicator),
    year: state.year,
    values: shown,
    countries: [...scope.values()],
    sort: state.sort,
  });
}

let allIndicators = [];
let renderSeq = 0;
/** Draws the choropleth, legend and table for the state; refreshes an open panel. */
async function render() {
  if (state.view !== DEFAULT_VIEW) return;
  const seq = ++renderSeq;
  const ind = byCode.get(state.indicator);
  ui.indicator.value = ind.code;
  ui.year.value = String(state.year);
  ui.slider.value = String(state.year);
  ui.yearOut.textContent = formatYear(state.year);
  ui.timeline.hidden = state.colour === 'group';
  ui.colour.value = state.colour;
  showTable();
  writeHash();
  let values;
  try {
    values = await observations(ind.code, state.year);
  } catch (err) {
    if (seq === renderSeq) {
      setStatus(t('status.failedIndicator', { indicator: localName(ind), year: state.year, error: err.message }));
    }
    return;
  }
  if (seq !== renderSeq) return;
  setStatus(null);
  shown = new Map([...values].filter(([iso3]) => scope.has(iso3)));
  if (state.colour === 'group') {
    setFillColor(map, groupFillExpression());
    renderGroupLegend(ui.legend, { groups: GROUPS, groupOf });
  } else {
    const classes = quantileClasses([...shown.values()]);
    setFillColor(map, fillColorExpression(shown, classes));
    renderLegend(ui.legend, { indicator: ind, year: state.year, classes, count: shown.size, scopeCount: scope.size });
  }
  renderTable();
  showSelection(false);
}

/** The selected country on the map, in the select and in the panel (opened or closed). */
function showSelection(focus) {
  setSelected(map, state.country);
  ui.country.value = state.country ?? '';
  if (state.country) return openPanel(focus);
  if (panel.isOpen) panel.close();
  return null;
}

async function chooseIndicator(code) {
  const ind = byCode.get(code) ?? byCode.get(DEFAULT_INDICATOR) ?? indicators[0];
  state.indicator = ind.code;
  fillYears(ind);
  const keep = yearChosen && state.year >= ind.first_year && state.year <= ind.last_year
    && (await observations(ind.code, state.year).catch(() => new Map())).size > 0;
  const year = keep ? state.year : await latestYearWithData(ind);
  if (state.indicator === ind.code) state.year = year; // else a later choice has overtaken this one
}

function selectCountry(iso3, { focus = true, push = false } = {}) {
  const next = iso3 && scope.has(iso3) ? iso3 : null;
  if (next === state.country && (!next || panel.isOpen)) return null;
  state.country = next;
  writeHash({ push });
  return showSelection(focus);
}

/** Applies the hash: on load, and on back/forward or an edited URL (no reload). */
async function applyHash() {
  stopPlaying();
  const want = parseHash(window.location.hash);
  if (want.lang && want.lang !== state.lang) {
    state.lang = setLang(want.lang);
    relabel();
  }
  if (want.view !== DEFAULT_VIEW && views.has(want.view)) {
    await switchView(want.view, want.params);
    return;
  }
  state.colour = want.colour;
  state.table = want.table;
  state.sort = want.sort;
  const ind = byCode.get(want.indicator);
  if (want.year && (!ind || (want.year >= ind.first_year && want.year <= ind.last_year))) {
    state.year = want.year;
    yearChosen = true;
  }
  if (!state.indicator || (ind && ind.code !== state.indicator)) await chooseIndicator(want.indicator);
  state.country = want.country && scope.has(want.country) ? want.country : null;
  if (state.view !== DEFAULT_VIEW) await switchView(DEFAULT_VIEW);
  else await render();
}

let applying = Promise.resolve();
/** Back/forward or an edited URL. Both `popstate` and `hashchange` fire for one edit: the changes
 * are applied one after another, each only if the URL still differs from what is shown. */
function onHistory() {
  if (!ready) return;
  applying = applying
    .then(() => (sameView(window.location.hash, currentHash()) ? null : applyHash()))
    .catch((err) => setStatus(t('status.failedStart', { error: err.message })));
}

// --- controls ----------------------------------------------------------------------------------
for (const button of ui.langButtons) button.addEventListener('click', () => chooseLanguage(button.dataset.lang));
ui.play.addEventListener('click', () => (playing ? stopPlaying() : play()));
ui.slider.addEventListener('input', () => {
  stopPlaying();
  if (!ui.slider.dataset.sliding) pushCopy(); // a drag is one history entry, a key press one each
  ui.slider.dataset.sliding = '1';
  state.year = Number(ui.slider.value);
  yearChosen = true;
  render();
});
ui.slider.addEventListener('change', () => { delete ui.slider.dataset.sliding; });
ui.colour.addEventListener('change', () => {
  stopPlaying();
  state.colour = ui.colour.value === 'group' ? 'group' : 'indicator';
  writeHash({ push: true });
  render();
});
ui.indicator.addEventListener('change', async () => {
  stopPlaying();
  await chooseIndicator(ui.indicator.value);
  writeHash({ push: true });
  await render();
});
ui.year.addEventListener('change', () => {
  stopPlaying();
  state.year = Number(ui.year.value);
  yearChosen = true;
  writeHash({ push: true });
  render();
});
ui.country.addEventListener('change', () => selectCountry(ui.country.value || null, { push: true }));
ui.tableToggle.addEventListener('click', () => {
  state.table = !state.table;
  writeHash({ push: true });
  showTable();
  renderTable();
});
document.addEventListener('keydown', (e) => {
  if (e.key === 'Escape' && panel.isOpen && state.view === DEFAULT_VIEW) selectCountry(null, { push: true });
});
window.addEventListener('popstate', onHistory);
window.addEventListener('hashchange', onHistory);

// --- start -------------------------------------------------------------------------------------
async function start() {
  relabel();
  setStatus(t('status.loading'));
  // The map draws its countries from map-api's tiles; the list of Prague Process states (names in
  // both languages, groups) for the selector, the table and the choropleth comes from profiles-api.
  const [countries, list] = await Promise.all([fetchScopeCountries(), fetchIndicators()]);
  // The themes' names only label the panel's initiatives: not worth waiting for.
  fetchThemes().then((items) => { themes = new Map(items.map((x) => [x.code, x])); }).catch(() => {});
  // Bilateral series (flows between two countries) cannot colour one country: they belong to
  // the flows view; every country indicator with data can be mapped.
  allIndicators = list;
  indicators = list.filter((i) => (i.kind ?? 'country') === 'country' && i.observation_count > 0);
  if (!indicators.length) throw new Error(t('status.noIndicators'));
  for (const ind of indicators) byCode.set(ind.code, ind);
  for (const c of countries) {
    scope.set(c.iso3, c);
    if (c.pp_group) groupOf.set(c.iso3, c.pp_group);
  }
  relabel();

  await mapLoaded;
  for (const def of VIEWS) {
    const root = h('section', { class: `view view-${def.id}`, 'data-view': def.id });
    root.hidden = true;
    ui.viewPanel.append(root);
    views.set(def.id, { def, root, instance: def.create(viewContext(root)) });
  }
  setLabelLanguage(map, state.lang);
  relabel(); // the zoom buttons exist now
  await applyHash();
  ready = true;
  // First render with data done: tell browser tests once the map has drawn it.
  map.once('idle', () => { document.body.dataset.mapReady = '1'; });
  map.triggerRepaint();
}

start().catch((err) => setStatus(t('status.failedStart', { error: err.message })));
