/**
 * i-Map web client: wires the map, the colour/indicator/year/country controls, the legend, the side
 * panel and the URL hash (#indicator=SP.POP.TOTL&year=2020&country=ALB[&colour=group]) together.
 */
import './style.css';
import { fetchIndicators, fetchObservations, fetchScopeCountries } from './api.js';
import { fillColorExpression, quantileClasses } from './classify.js';
import { h } from './dom.js';
import { formatHash, parseHash } from './hash.js';
import { hoverInfo } from './hover.js';
import { renderGroupLegend, renderLegend } from './legend.js';
import { bindInteractions, createMap, setFillColor, setSelected } from './map.js';
import { createPanel } from './panel.js';
import { GROUPS, groupFillExpression } from './style.js';
import { createTooltip } from './tooltip.js';

const DEFAULT_INDICATOR = 'SP.POP.TOTL';

const $ = (sel) => document.querySelector(sel);
const ui = {
  colour: $('#colour'),
  indicator: $('#indicator'),
  year: $('#year'),
  country: $('#country'),
  legend: $('#legend'),
  status: $('#status'),
};

const state = { indicator: null, year: null, country: null, colour: 'indicator' };
let yearChosen = false; // the user (or the hash) picked the year: keep it across indicator changes
let indicators = [];
const byCode = new Map();
const scope = new Map(); // iso3 -> name, scope (Prague Process) countries only
const groupOf = new Map(); // iso3 -> Prague Process group
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

// --- map, tooltip, panel -----------------------------------------------------------------------
const map = createMap('map');
window.__imap = { map };
const mapLoaded = new Promise((resolve) => map.once('load', resolve));
const tooltip = createTooltip(map.getContainer());
const panel = createPanel($('#panel'), { onClose: () => selectCountry(null) });

bindInteractions(map, {
  onHover(hit, point) {
    if (!hit) return tooltip.show(null);
    const ind = byCode.get(state.indicator);
    tooltip.show(hoverInfo(hit, { mode: state.colour, values: shown, unit: ind?.unit, year: state.year }), point);
  },
  onSelect: (iso3) => selectCountry(iso3),
});

function writeHash() {
  const hash = formatHash(state);
  if (hash !== window.location.hash) window.history.replaceState(null, '', hash);
}

function setStatus(message) {
  ui.status.textContent = message ?? '';
  ui.status.hidden = !message;
}

// --- the view ----------------------------------------------------------------------------------
function fillYears(ind) {
  const years = [];
  for (let y = ind.last_year; y >= ind.first_year; y--) years.push(y);
  ui.year.replaceChildren(...years.map((y) => h('option', { value: y }, String(y))));
}

function openPanel(focus) {
  return panel.open({
    iso3: state.country,
    name: scope.get(state.country),
    year: state.year,
    indicators,
    current: state.indicator,
    cache: cached,
    focus,
  });
}

let renderSeq = 0;
/** Draws the choropleth and legend for state.indicator/state.year; refreshes an open panel. */
async function render() {
  const seq = ++renderSeq;
  const ind = byCode.get(state.indicator);
  ui.indicator.value = ind.code;
  ui.year.value = String(state.year);
  writeHash();
  let values;
  try {
    values = await observations(ind.code, state.year);
  } catch (err) {
    if (seq === renderSeq) setStatus(`Could not load ${ind.name_en}, ${state.year}: ${err.message}`);
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
  if (state.country) openPanel(false);
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

function selectCountry(iso3, { focus = true } = {}) {
  const next = iso3 && scope.has(iso3) ? iso3 : null;
  state.country = next;
  setSelected(map, next);
  ui.country.value = next ?? '';
  writeHash();
  if (next) return openPanel(focus);
  if (panel.isOpen) panel.close();
  return null;
}

/** Applies a hash (on load and when the user edits it or goes back). */
async function applyHash() {
  const want = parseHash(window.location.hash);
  state.colour = want.colour === 'group' ? 'group' : 'indicator';
  ui.colour.value = state.colour;
  const ind = byCode.get(want.indicator);
  if (want.year && (!ind || (want.year >= ind.first_year && want.year <= ind.last_year))) {
    state.year = want.year;
    yearChosen = true;
  }
  if (!state.indicator || (ind && ind.code !== state.indicator)) await chooseIndicator(want.indicator);
  await render();
  if ((want.country ?? null) !== state.country) selectCountry(want.country, { focus: false });
}

// --- controls ----------------------------------------------------------------------------------
ui.colour.addEventListener('change', () => {
  state.colour = ui.colour.value === 'group' ? 'group' : 'indicator';
  render();
});
ui.indicator.addEventListener('change', async () => {
  await chooseIndicator(ui.indicator.value);
  await render();
});
ui.year.addEventListener('change', () => {
  state.year = Number(ui.year.value);
  yearChosen = true;
  render();
});
ui.country.addEventListener('change', () => selectCountry(ui.country.value || null));
document.addEventListener('keydown', (e) => {
  if (e.key === 'Escape' && panel.isOpen) selectCountry(null);
});
window.addEventListener('hashchange', () => applyHash());

// --- start -------------------------------------------------------------------------------------
async function start() {
  setStatus('Loading…');
  // The map draws its countries from map-api's tiles; the list of Prague Process states (names,
  // groups) for the selector and the choropleth comes from profiles-api: a few kilobytes.
  const [countries, list] = await Promise.all([fetchScopeCountries(), fetchIndicators()]);
  // Bilateral series (flows between two countries) cannot colour one country: they belong to
  // the flows view; every country indicator with data can be mapped.
  indicators = list.filter((i) => (i.kind ?? 'country') === 'country' && i.observation_count > 0);
  if (!indicators.length) throw new Error('no indicators are published yet');
  for (const ind of indicators) byCode.set(ind.code, ind);
  ui.indicator.replaceChildren(...indicators.map((i) => h('option', { value: i.code }, i.name_en)));

  const scoped = [...countries].sort((a, b) => a.name_en.localeCompare(b.name_en, 'en'));
  for (const c of scoped) {
    scope.set(c.iso3, c.name_en);
    if (c.pp_group) groupOf.set(c.iso3, c.pp_group);
  }
  ui.country.append(...scoped.map((c) => h('option', { value: c.iso3 }, c.name_en)));

  await mapLoaded;
  await applyHash();
  // First render with data done: tell browser tests once the map has drawn it.
  map.once('idle', () => { document.body.dataset.mapReady = '1'; });
  map.triggerRepaint();
}

start().catch((err) => setStatus(`Could not load the map data: ${err.message}`));
