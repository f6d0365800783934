/**
 * The compare view (issue 7, item 7): two to four Prague Process states side by side on chosen
 * indicators. A table (one column per country, one row per indicator: each country's latest year
 * with an annual value), a small SVG line chart per indicator (one line per country, colour and
 * dash pattern per country, legend, the values by year as a table), the chosen states in their
 * colours on the map (a filter layer on the tiles' `countries`). Hash keys: `countries` (ISO3,
 * comma-separated, in the order chosen: the order of the columns and colours) and `indicators`
 * (codes). Data: profiles-api's observations with `country=` filters, one request per indicator
 * for the countries not yet loaded.
 */
import './compare.css';
import './compare.messages.js';
import { getAllItems, getJSON } from '../api.js';
import { h } from '../dom.js';
import { formatNumber, formatShort, formatValue, formatYear } from '../format.js';
import { hoverInfo as baseHoverInfo } from '../hover.js';
import { compareText, getLang, localName, t, unitName } from '../i18n.js';

export const MIN_COUNTRIES = 2;
export const MAX_COUNTRIES = 4;
export const MAX_INDICATORS = 8;
export const DEFAULT_COUNTRIES = ['ARM', 'AZE', 'GEO'];
export const DEFAULT_INDICATORS = ['SP.POP.TOTL', 'SM.POP.NETM', 'BX.TRF.PWKR.DT.GD.ZS', 'SL.UEM.TOTL.ZS'];
/** One colour per chosen country (Okabe-Ito / Tol: apart for the common colour-vision deficiencies). */
export const COLORS = ['#0072b2', '#d55e00', '#009e73', '#aa3377'];
/** And one dash pattern each, so that the lines differ without colour too. */
export const DASHES = ['', '7 3', '2 3', '9 3 2 3'];
const LAYERS = { fill: 'compare-fill', line: 'compare-line' };
/** The Prague Process states' bounding boxes (map-api; the geometry at its coarsest), to fit the map. */
const BOXES_URL = '/api/map/v1/collections/countries/items?role=scope&properties=iso3&zoom=0&limit=100';

// --- pure: hash keys, choices, series, chart geometry -----------------------------------------
/** 'arm, geo,ARM,xxx' -> ['ARM', 'GEO'] (known codes only, no repeats, at most `max`). */
export function parseList(text, allowed, { max = Infinity, upper = false } = {}) {
  const out = [];
  for (const raw of String(text ?? '').split(',')) {
    const code = upper ? raw.trim().toUpperCase() : raw.trim();
    if (code && allowed.has(code) && !out.includes(code) && out.length < max) out.push(code);
  }
  return out;
}

/** The view's choices from its hash keys; defaults (those that exist) where a key names nothing known. */
export function readParams(params, { countries, indicators }) {
  const fallback = (list, allowed) => list.filter((c) => allowed.has(c));
  let chosen = parseList(params?.countries, countries, { max: MAX_COUNTRIES, upper: true });
  if (!chosen.length) chosen = fallback(DEFAULT_COUNTRIES, countries);
  let codes = parseList(params?.indicators, indicators, { max: MAX_INDICATORS });
  if (!codes.length) codes = fallback(DEFAULT_INDICATORS, indicators);
  if (!codes.length) codes = [...indicators].slice(0, 1);
  return { countries: chosen, indicators: codes };
}

/** Adds or removes `item`: {list, error} with error 'tooMany' or 'tooFew' (list unchanged) when refused. */
export function toggle(list, item, { min, max }) {
  if (list.includes(item)) {
    if (list.length <= min) return { list, error: 'tooFew' };
    return { list: list.filter((x) => x !== item), error: null };
  }
  if (list.length >= max) return { list, error: 'tooMany' };
  return { list: [...list, item], error: null };
}

/** Observation rows -> Map iso3 -> [{year, value}] by year: annual values only, none missing. */
export function seriesFrom(items) {
  const out = new Map();
  for (const o of items) {
    if (o.value === null || !Number.isFinite(o.value) || String(o.period ?? o.year) !== String(o.year)) continue;
    if (!out.has(o.country_iso3)) out.set(o.country_iso3, []);
    out.get(o.country_iso3).push({ year: o.year, value: o.value });
  }
  for (const points of out.values()) points.sort((a, b) => a.year - b.year);
  return out;
}

/** The latest year with a value ({year, value}) or null. */
export const latestPoint = (points) => (points?.length ? points[points.length - 1] : null);

function niceStep(raw) {
  const power = 10 ** Math.floor(Math.log10(raw));
  const f = raw / power;
  return (f <= 1 ? 1 : f <= 2 ? 2 : f <= 2.5 ? 2.5 : f <= 5 ? 5 : 10) * power;
}

/** About `count` round tick values covering min..max (a flat series gets a band around it). */
export function niceTicks(min, max, count = 4) {
  let [lo, hi] = [min, max];
  if (lo === hi) [lo, hi] = lo === 0 ? [0, 1] : [lo - Math.abs(lo) * 0.1, hi + Math.abs(hi) * 0.1];
  const step = niceStep((hi - lo) / count);
  const [start, end] = [Math.floor(lo / step), Math.ceil(hi / step)];
  const ticks = [];
  for (let i = start; i <= Math.max(end, start + 1); i++) ticks.push(Number((i * step).toPrecision(12)));
  return ticks;
}

/** Years to label on the x axis: round steps, first and last year always. */
export function yearTicks(first, last) {
  if (last - first <= 5) return Array.from({ length: last - first + 1 }, (_, i) => first + i);
  const step = niceStep((last - first) / 5);
  const ticks = [];
  for (let y = Math.ceil(first / step) * step; y <= last; y += step) ticks.push(y);
  return ticks;
}

/**
 * The chart's geometry (pure): lines = [{iso3, points: [{year, value}]}] -> scales' ticks and for
 * each line its path (broken where a year is missing) and dots, in a width x height box; null
 * when no line has a point.
 */
export function chartModel(lines, { width = 400, height = 170, margin = { top: 8, right: 12, bottom: 24, left: 58 } } = {}) {
  const all = lines.flatMap((l) => l.points);
  if (!all.length) return null;
  const years = all.map((p) => p.year);
  const [first, last] = [Math.min(...years), Math.max(...years)];
  const yTicks = niceTicks(Math.min(...all.map((p) => p.value)), Math.max(...all.map((p) => p.value)));
  const [lo, hi] = [yTicks[0], yTicks[yTicks.length - 1]];
  const inner = { w: width - margin.left - margin.right, h: height - margin.top - margin.bottom };
  const x = (year) => margin.left + (last === first ? inner.w / 2 : ((year - first) / (last - first)) * inner.w);
  const y = (value) => margin.top + inner.h - ((value - lo) / (hi - lo)) * inner.h;
  const r = (n) => Math.round(n * 10) / 10;
  return {
    width,
    height,
    first,
    last,
    plot: { left: margin.left, right: width - margin.right, top: margin.top, bottom: margin.top + inner.h },
    yTicks: yTicks.map((value) => ({ value, y: r(y(value)) })),
    xTicks: yearTicks(first, last).map((year) => ({ year, x: r(x(year)) })),
    lines: lines.map(({ iso3, points }) => ({
      iso3,
      d: points.map((p, i) => `${i && p.year === points[i - 1].year + 1 ? 'L' : 'M'}${r(x(p.year))} ${r(y(p.value))}`).join(' '),
      dots: points.map((p) => ({ ...p, cx: r(x(p.year)), cy: r(y(p.value)) })),
    })),
  };
}

/**
 * The box around bounding boxes [west, south, east, north] as [[w, s], [e, n]], or null. A box
 * across the antimeridian (west > east, RFC 7946) continues east of 180 so that it stays whole.
 */
export function unionBounds(boxes) {
  if (!boxes.length) return null;
  let [w, s, e, n] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const [west, south, east, north] of boxes) {
    w = Math.min(w, west);
    s = Math.min(s, south);
    e = Math.max(e, east < west ? east + 360 : east);
    n = Math.max(n, north);
  }
  return [[w, s], [e, n]];
}

// --- DOM helpers -----------------------------------------------------------------------------
const SVG = 'http://www.w3.org/2000/svg';
function s(tag, attrs = {}, ...children) {
  const el = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) if (v !== null && v !== undefined && v !== '') el.setAttribute(k, String(v));
  el.append(...children);
  return el;
}
/**
 * The value with its unit (../format.js), except that a narrow column may put the unit below the
 * number: the no-break space Russian keeps between them becomes a plain one (the number stays whole).
 */
function breakableUnit(value, unit) {
  const text = formatValue(value, unit);
  const number = formatNumber(value);
  return text.startsWith(`${number}\u00a0`) ? `${number} ${text.slice(number.length + 1)}` : text;
}
const swatch = (i) => h('span', { class: 'compare-swatch', style: `--c: ${COLORS[i]}`, 'aria-hidden': 'true' });

async function fetchSeries(code, countries) {
  const query = new URLSearchParams({ frequency: 'A', limit: '1000' });
  for (const c of countries) query.append('country', c);
  return seriesFrom(await getAllItems(`/api/profiles/v1/indicators/${encodeURIComponent(code)}/observations?${query}`));
}

function create(ctx) {
  const { map, root } = ctx;
  let state = { countries: [], indicators: [] };
  let message = null; // {key, params}: a refused choice, shown until the next change
  let data = new Map(); // code -> Map iso3 -> points, for the state shown
  let failed = null;
  let seq = 0;
  const cache = new Map(); // `${code}|${iso3}` -> Promise<points>
  let boxes = null; // Promise<Map iso3 -> bbox>, fetched once
  let fitted = null; // the countries the map was last fitted to
  const byCode = () => new Map(ctx.indicators().map((i) => [i.code, i]));
  const scopeSet = () => new Set(ctx.countries.keys());

  const el = {
    title: h('h2'),
    intro: h('p', { class: 'muted compare-intro' }),
    message: h('p', { class: 'compare-message', role: 'status', 'aria-live': 'polite' }),
    countries: h('fieldset', { class: 'compare-countries' }),
    indicators: h('details', { class: 'compare-indicators' }),
    results: h('div', { class: 'compare-results' }),
  };
  root.append(el.title, el.intro, el.countries, el.indicators, el.message, el.results);

  // --- choices -----------------------------------------------------------------------------
  function refuse(key, params) {
    message = { key, params };
    renderMessage();
  }
  function choose(next) {
    message = null;
    state = { ...state, ...next };
    ctx.changed();
    return update();
  }
  function toggleCountry(iso3) {
    if (!ctx.countries.has(iso3)) return null;
    const { list, error } = toggle(state.countries, iso3, { min: MIN_COUNTRIES, max: MAX_COUNTRIES });
    if (error) return refuse(error === 'tooMany' ? 'compare.tooMany' : 'compare.tooFew', { iso3 });
    return choose({ countries: list });
  }
  function toggleIndicator(code, box) {
    const { list, error } = toggle(state.indicators, code, { min: 1, max: MAX_INDICATORS });
    if (error) {
      box.checked = state.indicators.includes(code);
      return refuse(error === 'tooMany' ? 'compare.tooManyIndicators' : 'compare.lastIndicator', {});
    }
    return choose({ indicators: list });
  }

  // --- rendering: controls -----------------------------------------------------------------
  function renderMessage() {
    const p = message?.params ?? {};
    const text = message
      ? t(message.key, { min: MIN_COUNTRIES, max: MAX_COUNTRIES, ...p, name: p.iso3 ? ctx.countryName(p.iso3) : '' })
      : state.countries.length < MIN_COUNTRIES ? t('compare.chooseMore', { min: MIN_COUNTRIES }) : '';
    el.message.textContent = text;
    el.message.hidden = !text;
    el.message.dataset.kind = message ? 'refused' : 'hint';
  }

  /** Rebuilds the controls, keeping the focus on the control that had it (or on the add select). */
  function renderControls() {
    const focused = root.contains(document.activeElement) ? document.activeElement.dataset.focus : null;
    const sorted = [...ctx.countries.values()].sort((a, b) => compareText(localName(a), localName(b)));
    const chosen = h('ul', { class: 'compare-chosen' }, ...state.countries.map((iso3, i) => {
      const remove = h('button', { type: 'button', class: 'compare-remove', 'data-iso3': iso3, 'data-focus': `remove-${iso3}`, 'aria-label': t('compare.remove', { name: ctx.countryName(iso3) }), title: t('compare.remove', { name: ctx.countryName(iso3) }) }, '×');
      remove.addEventListener('click', () => toggleCountry(iso3));
      return h('li', { 'data-iso3': iso3 }, swatch(i), h('span', {}, ctx.countryName(iso3)), remove);
    }));
    const add = h('select', { id: 'compare-add', 'data-focus': 'add' },
      h('option', { value: '' }, t('compare.addNone')),
      ...sorted.filter((c) => !state.countries.includes(c.iso3)).map((c) => h('option', { value: c.iso3 }, localName(c))));
    add.addEventListener('change', () => {
      const iso3 = add.value;
      add.value = '';
      if (iso3) toggleCountry(iso3);
    });
    el.countries.replaceChildren(
      h('legend', {}, t('compare.countries')),
      chosen,
      h('div', { class: 'compare-add' }, h('label', { for: 'compare-add' }, t('compare.add')), add),
    );

    const inds = [...ctx.indicators()].sort((a, b) => compareText(localName(a), localName(b)));
    const open = el.indicators.open;
    el.indicators.replaceChildren(
      h('summary', { 'data-focus': 'summary' }, t('compare.indicatorsChosen', { count: state.indicators.length, total: inds.length })),
      h('fieldset', {}, h('legend', { class: 'visually-hidden' }, t('compare.indicators')), ...inds.map((ind) => {
        const id = `compare-ind-${ind.code.replace(/[^\w-]/g, '_')}`;
        const box = h('input', { type: 'checkbox', id, value: ind.code, 'data-focus': id, checked: state.indicators.includes(ind.code) });
        box.addEventListener('change', () => toggleIndicator(ind.code, box));
        return h('div', { class: 'compare-check' }, box, h('label', { for: id }, localName(ind)));
      })),
    );
    el.indicators.open = open;
    if (focused) {
      const again = root.querySelector(`[data-focus="${CSS.escape(focused)}"]`) ?? (focused.startsWith('remove-') ? add : null);
      again?.focus();
    }
  }

  // --- rendering: table and charts ---------------------------------------------------------
  function renderTable(inds) {
    const head = h('tr', {}, h('th', { scope: 'col' }, t('compare.indicator')),
      ...state.countries.map((iso3, i) => h('th', { scope: 'col', 'data-iso3': iso3 }, h('span', { class: 'compare-head' }, swatch(i), h('span', {}, ctx.countryName(iso3))))));
    const rows = inds.map((ind) => h('tr', { 'data-indicator': ind.code },
      h('th', { scope: 'row' }, localName(ind)),
      ...state.countries.map((iso3) => {
        const last = latestPoint(data.get(ind.code)?.get(iso3));
        if (!last) return h('td', { class: 'num nodata', 'data-iso3': iso3 }, t('value.noData'));
        return h('td', { class: 'num', 'data-iso3': iso3, 'data-value': last.value, 'data-year': last.year },
          h('span', { class: 'compare-value' }, breakableUnit(last.value, ind.unit)),
          h('span', { class: 'compare-year' }, formatYear(last.year)));
      })));
    return h('div', { class: 'compare-table-wrap' }, h('table', { class: 'data-table compare-table', style: `--n: ${Math.max(1, state.countries.length)}` },
      h('caption', {}, t('compare.tableCaption')), h('thead', {}, head), h('tbody', {}, ...rows)));
  }

  function renderChart(ind, width) {
    const lines = state.countries.map((iso3) => ({ iso3, points: data.get(ind.code)?.get(iso3) ?? [] }));
    const model = chartModel(lines, { width });
    const unit = ind.unit ? ` (${unitName(ind.unit)})` : '';
    const figure = h('figure', { class: 'compare-chart', 'data-indicator': ind.code }, h('figcaption', {}, localName(ind), h('span', { class: 'unit' }, unit)));
    if (!model) {
      figure.append(h('p', { class: 'muted' }, t('compare.chartEmpty')));
      return figure;
    }
    const names = state.countries.map((iso3) => ctx.countryName(iso3));
    const label = t('compare.chartLabel', { indicator: localName(ind), from: formatYear(model.first), to: formatYear(model.last), countries: names.join(', ') });
    const { plot } = model;
    const svg = s('svg', { viewBox: `0 0 ${model.width} ${model.height}`, role: 'img', 'aria-label': label, class: 'compare-svg' },
      s('title', {}, label),
      ...model.yTicks.flatMap((tk) => [
        s('line', { x1: plot.left, x2: plot.right, y1: tk.y, y2: tk.y, class: 'grid' }),
        s('text', { x: plot.left - 6, y: tk.y, class: 'tick y' }, formatShort(tk.value)),
      ]),
      s('line', { x1: plot.left, x2: plot.right, y1: plot.bottom, y2: plot.bottom, class: 'axis' }),
      ...model.xTicks.map((tk) => s('text', { x: tk.x, y: plot.bottom + 16, class: 'tick x' }, formatYear(tk.year))),
      ...model.lines.map((line, i) => s('g', { 'data-iso3': line.iso3, style: `--c: ${COLORS[i]}`, class: 'series' },
        s('path', { d: line.d, 'stroke-dasharray': DASHES[i] }),
        ...line.dots.map((p) => s('circle', { cx: p.cx, cy: p.cy, r: 2.4 }, s('title', {}, `${names[i]}, ${formatYear(p.year)}: ${formatValue(p.value, ind.unit)}`))))));
    const legend = h('ul', { class: 'compare-legend', 'aria-label': t('compare.legend') }, ...state.countries.map((iso3, i) => h('li', { 'data-iso3': iso3 },
      s('svg', { viewBox: '0 0 28 8', width: 28, height: 8, 'aria-hidden': 'true' }, s('line', { x1: 1, x2: 27, y1: 4, y2: 4, stroke: COLORS[i], 'stroke-width': 2.5, 'stroke-dasharray': DASHES[i] })),
      names[i])));
    figure.append(svg, legend, valuesTable(ind, model));
    return figure;
  }

  function valuesTable(ind, model) {
    const rows = [];
    for (let year = model.last; year >= model.first; year--) {
      rows.push(h('tr', {}, h('th', { scope: 'row' }, formatYear(year)), ...state.countries.map((iso3) => {
        const p = data.get(ind.code)?.get(iso3)?.find((o) => o.year === year);
        return h('td', { class: p ? 'num' : 'num nodata' }, p ? formatValue(p.value, ind.unit) : t('value.noData'));
      })));
    }
    return h('details', { class: 'compare-values' }, h('summary', {}, t('compare.values')),
      h('div', { class: 'compare-table-wrap' }, h('table', { class: 'data-table' },
        h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, t('compare.year')), ...state.countries.map((iso3) => h('th', { scope: 'col' }, ctx.countryName(iso3))))),
        h('tbody', {}, ...rows))));
  }

  function renderResults() {
    renderMessage();
    if (failed) return el.results.replaceChildren(h('p', { class: 'compare-error' }, t('compare.failed', { error: failed })));
    const known = byCode();
    const inds = state.indicators.map((code) => known.get(code)).filter(Boolean);
    const width = Math.max(280, Math.min(640, (el.results.clientWidth || 400) - 4));
    el.results.replaceChildren(renderTable(inds), h('h3', {}, t('compare.charts')), ...inds.map((ind) => renderChart(ind, width)));
    return null;
  }

  function render() {
    el.title.textContent = t('compare.title');
    el.intro.textContent = t('compare.intro');
    renderControls();
    renderResults();
    Object.assign(root.dataset, { lang: getLang(), countries: state.countries.join(','), indicators: state.indicators.join(',') });
  }

  // --- data and map ------------------------------------------------------------------------
  async function load({ countries, indicators }) {
    for (const code of indicators) {
      const missing = countries.filter((iso3) => !cache.has(`${code}|${iso3}`));
      if (!missing.length) continue;
      const request = fetchSeries(code, missing);
      for (const iso3 of missing) {
        const key = `${code}|${iso3}`;
        cache.set(key, request.then((series) => series.get(iso3) ?? []));
        request.catch(() => cache.delete(key)); // a later visit tries again
      }
    }
    const loaded = new Map();
    await Promise.all(indicators.map(async (code) => {
      const entries = await Promise.all(countries.map(async (iso3) => [iso3, await cache.get(`${code}|${iso3}`)]));
      loaded.set(code, new Map(entries));
    }));
    return loaded;
  }

  function showOnMap() {
    if (!map.getSource('imap')) return;
    const list = state.countries;
    const filter = ['in', ['get', 'iso3'], ['literal', list]];
    const color = list.length ? ['match', ['get', 'iso3'], ...list.flatMap((iso3, i) => [iso3, COLORS[i]]), '#000000'] : '#000000';
    const before = map.getLayer('routes-casing') ? 'routes-casing' : undefined;
    if (!map.getLayer(LAYERS.fill)) {
      const common = { source: 'imap', 'source-layer': 'countries', filter };
      map.addLayer({ id: LAYERS.fill, type: 'fill', ...common, paint: { 'fill-color': color, 'fill-opacity': 0.6 } }, before);
      map.addLayer({ id: LAYERS.line, type: 'line', ...common, paint: { 'line-color': color, 'line-width': 2.5 } }, before);
      return;
    }
    for (const id of Object.values(LAYERS)) map.setFilter(id, filter);
    map.setPaintProperty(LAYERS.fill, 'fill-color', color);
    map.setPaintProperty(LAYERS.line, 'line-color', color);
  }

  const countryBoxes = () => {
    boxes ??= getJSON(BOXES_URL)
      .then((fc) => new Map(fc.features.map((f) => [f.id ?? f.properties?.iso3, f.bbox]).filter(([, b]) => b)))
      .catch(() => new Map()); // no fitting then; the view works without it
    return boxes;
  };

  /** Room for the panel: on its right on a desktop, above it on a phone (the bottom sheet). */
  function panelPadding() {
    const pad = { top: 24, right: 56, bottom: 24, left: 24 }; // right: the zoom buttons
    const panel = root.parentElement?.getBoundingClientRect();
    const box = map.getContainer().getBoundingClientRect();
    if (panel?.width && panel.width < box.width * 0.8) pad.left = Math.max(24, panel.right - box.left + 24);
    else if (panel?.height) pad.bottom = Math.max(24, box.bottom - panel.top + 16);
    const tight = box.width - pad.left - pad.right < 120 || box.height - pad.top - pad.bottom < 80;
    return tight ? 8 : pad;
  }

  /** Shows the chosen states on the map when they changed (not on every indicator change). */
  function fitMap(list, byIso3) {
    const key = list.join(',');
    if (key === fitted) return;
    fitted = key;
    const bounds = unionBounds(list.map((iso3) => byIso3.get(iso3)).filter(Boolean));
    if (!bounds) return;
    const still = window.matchMedia?.('(prefers-reduced-motion: reduce)').matches;
    map.fitBounds(bounds, { padding: panelPadding(), maxZoom: 5, animate: !still });
  }

  async function update() {
    const mine = ++seq;
    const want = { ...state };
    root.dataset.state = 'loading';
    showOnMap();
    renderControls();
    renderMessage();
    ctx.setStatus(t('compare.loading'));
    try {
      const [loaded, byIso3] = await Promise.all([load(want), countryBoxes()]);
      if (mine !== seq) return;
      data = loaded;
      failed = null;
      fitMap(want.countries, byIso3);
    } catch (err) {
      if (mine !== seq) return;
      failed = err.message;
    }
    ctx.setStatus(null);
    render();
    root.dataset.state = failed ? 'error' : 'ready';
  }

  return {
    async enter(params) {
      const indicators = new Set(ctx.indicators().map((i) => i.code));
      state = readParams(params, { countries: scopeSet(), indicators });
      message = null;
      await update();
    },
    leave() {
      seq++; // a load still running must not draw any more
      for (const id of [LAYERS.line, LAYERS.fill]) if (map.getLayer(id)) map.removeLayer(id);
      fitted = null; // coming back shows the chosen states again
      message = null;
      ctx.setStatus(null);
    },
    relabel() {
      render();
    },
    params() {
      return { countries: state.countries.join(','), indicators: state.indicators.join(',') };
    },
    onCountryClick(iso3) {
      toggleCountry(iso3);
    },
    hoverInfo(hit) {
      const info = baseHoverInfo(hit, { mode: 'group', values: new Map(), countryName: ctx.countryName });
      const p = hit.properties ?? {};
      if (hit.kind !== 'country' || p.role !== 'scope' || !ctx.countries.has(p.iso3)) return info;
      const title = ctx.countryName(p.iso3);
      if (state.countries.includes(p.iso3)) return { title, lines: [t('compare.hoverRemove'), ...info.lines] };
      if (state.countries.length >= MAX_COUNTRIES) return { title, lines: [t('compare.hoverFull', { max: MAX_COUNTRIES }), ...info.lines] };
      return { title, lines: [t('compare.hoverAdd'), ...info.lines] };
    },
  };
}

export default { id: 'compare', label: 'nav.compare', create };
