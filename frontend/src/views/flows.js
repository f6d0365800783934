/**
 * The flows view (issue 7, item 4): a bilateral indicator (migrant stock, remittances, refugees,
 * ...) for one year as arcs between capitals, filtered to the top N partners of a selected country
 * in one direction (to the country or from it), each arc as wide as its value, with an arrowhead
 * at the receiving end; the selected country outlined; a ranked table (partner, value, share of
 * the total of all partners) as the alternative to the map.
 *
 * Data: the years with values come from profiles-api (`/v1/flows?country=&indicator=&frequency=A`),
 * the arcs and their values for a year from map-api's `flows` collection (`country=` keeps the
 * corridors with the country at either end; the ranking, the total and the direction are made
 * here from them, so switching direction or N needs no request). Hash keys: `country`,
 * `indicator`, `year`, `top`, `direction` (`inbound`: partners send to the country, `outbound`:
 * the country sends to them). The pure functions are exported for the unit tests.
 */
import { getAllItems, getJSON } from '../api.js';
import { h } from '../dom.js';
import { formatNumber, formatValue, formatYear, withUnit } from '../format.js';
import { hoverInfo as baseHoverInfo } from '../hover.js';
import { compareText, localName, t } from '../i18n.js';
import { LAYERS, SOURCE } from '../style.js';
import './flows.messages.js';

// The view's styles, bundled with the page's own by Vite; skipped where there is no Vite (node's
// unit tests import this module for its pure functions and cannot load CSS).
if (import.meta.env) import.meta.glob('./flows.css', { eager: true });

export const TOPS = [5, 10, 20];
export const DEFAULT_TOP = 10;
export const DIRECTIONS = ['inbound', 'outbound'];
export const DEFAULT_INDICATOR = 'UNDESA.IMS.TOTL';
export const DEFAULT_COUNTRY = 'UKR';
export const MIN_WIDTH = 1.5; // px: the smallest shown value
export const MAX_WIDTH = 14; // px: the largest shown value
export const ARC_COLOR = '#b2182b';
const INK = '#1b2a41';
const TILE = 512; // MapLibre's world is 512 px wide at zoom 0

export const IDS = {
  arcs: 'flows-arcs', // source and line layer: one feature per partner shown
  arrows: 'flows-arrows', // source and fill layer: one arrowhead per arc
  casing: 'flows-arcs-casing',
  country: 'flows-country', // the selected country: fill and outline on the basemap's tiles
  countryLine: 'flows-country-line',
};
const DIMMED = [['routes', 'line-opacity'], ['routes-casing', 'line-opacity'], ['crossing-points', 'circle-opacity'],
  ['crossing-points', 'circle-stroke-opacity']];

// --- pure helpers (unit-tested) ------------------------------------------------------------------

/** The bilateral indicators a flow map can show: values held, and a quantity that adds up (no %). */
export function flowIndicators(all) {
  return (all ?? [])
    .filter((i) => (i.kind ?? 'country') !== 'country' && i.observation_count > 0 && !String(i.unit ?? '').startsWith('%'))
    .sort((a, b) => compareText(localName(a), localName(b)));
}

/**
 * The view's hash keys, checked: a known country and indicator (else the defaults), the year as
 * an integer (checked against the data later), top N one of TOPS, direction one of DIRECTIONS
 * (null: the first the data has).
 */
export function parseParams(params, { countries, indicators }) {
  const p = params ?? {};
  const iso3 = String(p.country ?? '').toUpperCase();
  const firstCountry = countries.includes(DEFAULT_COUNTRY) ? DEFAULT_COUNTRY : countries[0] ?? null;
  const firstIndicator = indicators.includes(DEFAULT_INDICATOR) ? DEFAULT_INDICATOR : indicators[0] ?? null;
  const year = /^\d{4}$/.test(String(p.year ?? '')) ? Number(p.year) : null;
  const top = Number(p.top);
  return {
    country: countries.includes(iso3) ? iso3 : firstCountry,
    indicator: indicators.includes(p.indicator) ? p.indicator : firstIndicator,
    year,
    top: TOPS.includes(top) ? top : DEFAULT_TOP,
    direction: DIRECTIONS.includes(p.direction) ? p.direction : null,
  };
}

/** The years with an annual value among profiles-api flow rows, latest first. */
export function yearsOf(rows) {
  const years = new Set();
  for (const r of rows ?? []) {
    if (r.value !== null && r.value !== undefined && String(r.period ?? r.year) === String(r.year)) years.add(r.year);
  }
  return [...years].sort((a, b) => b - a);
}

/** The partner at the other end of a corridor (map-api feature properties) from `iso3`. */
export const partnerOf = (p, direction) => (direction === 'inbound' ? p.origin : p.destination);

/**
 * The corridors of `iso3` in each direction (inbound: it is the destination), largest first, ties
 * by origin then destination (as both APIs rank them). `features`: map-api's flows features.
 */
export function splitDirections(features, iso3) {
  const out = { inbound: [], outbound: [] };
  for (const f of features ?? []) {
    const p = f.properties ?? {};
    if (p.value === null || p.value === undefined || p.origin === p.destination) continue;
    if (p.destination === iso3) out.inbound.push(f);
    else if (p.origin === iso3) out.outbound.push(f);
  }
  const order = (a, b) => b.properties.value - a.properties.value
    || compareCode(a.properties.origin, b.properties.origin)
    || compareCode(a.properties.destination, b.properties.destination);
  out.inbound.sort(order);
  out.outbound.sort(order);
  return out;
}
const compareCode = (a, b) => (a < b ? -1 : a > b ? 1 : 0);

/** The value in its unit: profiles-api gives `value` in unit x 10^scale (6: millions). */
export const scaled = (value, scale) => value * 10 ** (scale ?? 0);

/**
 * The top `top` partners of one direction: [{rank, partner, value (as the API gives it), shown
 * (scaled), share of the total of every partner, feature}], the total (scaled), the number of
 * partners with a value and the largest shown value.
 */
export function rankPartners(corridors, direction, top) {
  const total = corridors.reduce((sum, f) => sum + f.properties.value, 0);
  const rows = corridors.slice(0, top).map((f, i) => ({
    rank: i + 1,
    partner: partnerOf(f.properties, direction),
    value: f.properties.value,
    shown: scaled(f.properties.value, f.properties.scale),
    share: total > 0 ? f.properties.value / total : null,
    feature: f,
  }));
  const scale = corridors[0]?.properties.scale ?? 0;
  return { rows, total: scaled(total, scale), count: corridors.length, max: rows[0]?.shown ?? 0 };
}

/** Line width in px: linear in the value, MIN_WIDTH for nothing, MAX_WIDTH for the largest shown. */
export function widthFor(value, max) {
  if (!(max > 0) || !(value > 0)) return MIN_WIDTH;
  return MIN_WIDTH + (MAX_WIDTH - MIN_WIDTH) * Math.min(value / max, 1);
}

/** `x` rounded to two significant digits (the legend's round values): 1234567 -> 1200000. */
export function roundTwo(x) {
  if (!(x > 0)) return 0;
  const step = 10 ** (Math.floor(Math.log10(x)) - 1);
  return Math.round(x / step) * step;
}

/** The legend's samples [{value, width}]: the largest value, about half of it, and the smallest. */
export function widthSamples(max, min) {
  if (!(max > 0)) return [];
  const samples = [max];
  const half = roundTwo(max / 2);
  if (half > min && half < max) samples.push(half);
  if (min > 0 && min < max && min < (samples.at(-1) * 0.8)) samples.push(min);
  return samples.map((value) => ({ value, width: widthFor(value, max) }));
}

/** The share as a percentage in the language's style: "45.3%", "45,3 %", "< 0.1%". */
export function formatShare(share) {
  if (share === null || share === undefined || !Number.isFinite(share)) return '–';
  const pct = share * 100;
  if (pct > 0 && pct < 0.1) return `< ${withUnit(formatNumber(0.1), '%')}`;
  return withUnit(formatNumber(Math.round(pct * 10) / 10), '%');
}

/** lon/lat -> pixels of the Web Mercator world at `zoom` (MapLibre's 512 px tiles). */
export function project([lon, lat], zoom) {
  const size = TILE * 2 ** zoom;
  const sin = Math.min(Math.max(Math.sin((lat * Math.PI) / 180), -0.9999), 0.9999);
  return [((lon + 180) / 360) * size, (0.5 - Math.log((1 + sin) / (1 - sin)) / (4 * Math.PI)) * size];
}

export function unproject([x, y], zoom) {
  const size = TILE * 2 ** zoom;
  const n = Math.PI - (2 * Math.PI * y) / size;
  return [(x / size) * 360 - 180, (180 / Math.PI) * Math.atan(Math.sinh(n))];
}

/** The point `d` px back from the end of a polyline (pixels) and how many vertices precede it. */
function fromEnd(points, d) {
  let left = d;
  for (let i = points.length - 1; i > 0; i--) {
    const [x1, y1] = points[i];
    const [x0, y0] = points[i - 1];
    const seg = Math.hypot(x1 - x0, y1 - y0);
    if (seg > 0 && seg >= left) {
      const f = left / seg;
      return { point: [x1 + (x0 - x1) * f, y1 + (y0 - y1) * f], keep: i };
    }
    left -= seg;
  }
  return { point: points[0], keep: 1 };
}

const round6 = ([x, y]) => [Math.round(x * 1e6) / 1e6, Math.round(y * 1e6) / 1e6];

/**
 * The arrowhead of an arc `coords` (lon/lat, origin first) drawn `width` px wide at `zoom`: a
 * triangle whose tip is the destination, longer and wider than the line (at most 40% of the arc),
 * and the line cut back into the triangle so that its end stays hidden inside it.
 * Returns {line: [lon, lat][], head: [lon, lat][] (closed ring)}.
 */
export function arrowhead(coords, width, zoom) {
  const pts = coords.map((c) => project(c, zoom));
  let length = 0;
  for (let i = 1; i < pts.length; i++) length += Math.hypot(pts[i][0] - pts[i - 1][0], pts[i][1] - pts[i - 1][1]);
  if (!(length > 0)) return { line: coords, head: null };
  const long = Math.min(8 + 1.6 * width, 0.4 * length);
  const half = Math.max(long * 0.5, Math.min(4 + 0.8 * width, long));
  const tip = pts.at(-1);
  const base = fromEnd(pts, long).point;
  const dx = tip[0] - base[0];
  const dy = tip[1] - base[1];
  const norm = Math.hypot(dx, dy) || 1;
  const nx = -dy / norm;
  const ny = dx / norm;
  const cut = fromEnd(pts, long * 0.7);
  const line = [...pts.slice(0, cut.keep), cut.point].map((p) => round6(unproject(p, zoom)));
  const head = [tip, [base[0] + nx * half, base[1] + ny * half], [base[0] - nx * half, base[1] - ny * half], tip]
    .map((p) => round6(unproject(p, zoom)));
  return { line, head };
}

/** The GeoJSON of the arcs and of their arrowheads for the ranked rows, at `zoom`. */
export function arcCollections(rows, max, zoom) {
  const arcs = [];
  const heads = [];
  rows.forEach((row, i) => {
    const p = row.feature.properties;
    const width = widthFor(row.shown, max);
    const properties = {
      origin: p.origin, destination: p.destination, partner: row.partner, rank: row.rank, value: row.value,
      shown: row.shown, share: row.share, unit: p.unit, year: p.year, width,
    };
    const { line, head } = arrowhead(row.feature.geometry.coordinates, width, zoom);
    arcs.push({ type: 'Feature', id: i + 1, properties, geometry: { type: 'LineString', coordinates: line } });
    if (head) heads.push({ type: 'Feature', id: i + 1, properties, geometry: { type: 'Polygon', coordinates: [head] } });
  });
  return { arcs: { type: 'FeatureCollection', features: arcs }, heads: { type: 'FeatureCollection', features: heads } };
}

/** West, south, east, north of every arc (null without arcs). */
export function boundsOf(rows) {
  let box = null;
  for (const row of rows) {
    for (const [x, y] of row.feature.geometry.coordinates) {
      box = box ? [Math.min(box[0], x), Math.min(box[1], y), Math.max(box[2], x), Math.max(box[3], y)] : [x, y, x, y];
    }
  }
  return box;
}

// --- data --------------------------------------------------------------------------------------

const enc = encodeURIComponent;
const EMPTY = { type: 'FeatureCollection', features: [] };

function cachedLoader(fetcher) {
  const cache = new Map();
  return (...args) => {
    const key = args.join('|');
    if (!cache.has(key)) {
      const p = fetcher(...args);
      p.catch(() => cache.delete(key)); // a later call retries
      cache.set(key, p);
    }
    return cache.get(key);
  };
}

/** The years with annual values of `indicator` for corridors of `iso3` (either end), latest first. */
const fetchYears = cachedLoader(async (indicator, iso3) => yearsOf(await getAllItems(
  `/api/profiles/v1/flows?indicator=${enc(indicator)}&country=${enc(iso3)}&frequency=A&limit=1000`,
)));

/** map-api's arcs of `iso3`'s corridors (either end) for `indicator` and `year`. */
const fetchArcs = cachedLoader(async (indicator, year, iso3) => {
  const query = new URLSearchParams({ indicator, year: String(year), country: iso3, limit: '1000' });
  const body = await getJSON(`/api/map/v1/collections/flows/items?${query}`);
  return body.features ?? [];
});

// --- the view ----------------------------------------------------------------------------------

export default {
  id: 'flows',
  label: 'nav.flows',
  create(ctx) {
    const { map, root } = ctx;
    const indicators = () => flowIndicators(ctx.allIndicators());
    const byCode = () => new Map(indicators().map((i) => [i.code, i]));
    const state = { country: null, indicator: null, year: null, top: DEFAULT_TOP, direction: 'inbound' };
    let years = [];
    let available = [];
    let ranking = null;
    let unit = null;
    let active = false;
    let seq = 0;
    let lastPoint = null;
    let message = null; // [key, params] of the message shown instead of the table
    const dimmed = [];

    // The view's section: heading, controls, message, legend, table, total and source.
    const ui = {
      title: h('h2', { id: 'flows-title' }),
      intro: h('p', { class: 'muted flows-intro' }),
      message: h('p', { class: 'flows-message', role: 'status' }),
      legend: h('div', { class: 'flows-legend', role: 'group', 'aria-labelledby': 'flows-legend-title' }),
      table: h('table', { class: 'flows-table', id: 'flows-table' }),
      total: h('p', { class: 'muted flows-total' }),
      source: h('p', { class: 'muted flows-source' }),
    };
    const control = (key) => {
      const select = h('select', { id: `flows-${key}`, name: key });
      const label = h('label', { for: `flows-${key}` });
      ui[key] = select;
      ui[`${key}Label`] = label;
      return h('div', { class: 'flows-control' }, label, select);
    };
    const controls = h('div', { class: 'flows-controls' },
      ...['country', 'indicator', 'year', 'top', 'direction'].map(control));
    root.setAttribute('aria-labelledby', 'flows-title');
    root.append(ui.title, ui.intro, controls, ui.message, ui.legend, ui.table, ui.total, ui.source);

    const countryName = (iso3) => ctx.countryName(iso3);
    const params = () => ({
      country: state.country, indicator: state.indicator, year: state.year ?? undefined,
      top: state.top, direction: state.direction,
    });

    // --- controls ------------------------------------------------------------------------------
    function fillControls() {
      const countries = [...ctx.countries.values()].sort((a, b) => compareText(localName(a), localName(b)));
      ui.country.replaceChildren(...countries.map((c) => h('option', { value: c.iso3 }, localName(c))));
      ui.country.value = state.country ?? '';
      ui.indicator.replaceChildren(...indicators().map((i) => h('option', { value: i.code }, localName(i))));
      ui.indicator.value = state.indicator ?? '';
      ui.year.replaceChildren(...years.map((y) => h('option', { value: y }, formatYear(y))));
      ui.year.value = state.year ? String(state.year) : '';
      ui.year.disabled = !years.length;
      ui.top.replaceChildren(...TOPS.map((n) => h('option', { value: n }, t('flows.topN', { count: n }))));
      ui.top.value = String(state.top);
      const name = countryName(state.country);
      ui.direction.replaceChildren(...DIRECTIONS.map((d) => {
        const label = t(`flows.direction.${d}`, { name });
        const has = available.includes(d);
        return h('option', { value: d, disabled: !has && available.length > 0 },
          has || !available.length ? label : t('flows.direction.none', { label }));
      }));
      ui.direction.value = state.direction;
      for (const key of ['country', 'indicator', 'year', 'top', 'direction']) ui[`${key}Label`].textContent = t(`flows.${key}`);
    }

    /** A user's choice: the new keys in the URL (a history entry), then the data. */
    function choose(key, value) {
      if (key === 'top') state.top = Number(value);
      else if (key === 'year') state.year = Number(value);
      else state[key] = value;
      ctx.changed({ push: true });
      return load({ fit: key !== 'top' });
    }
    for (const key of ['country', 'indicator', 'year', 'top', 'direction']) {
      ui[key].addEventListener('change', () => choose(key, ui[key].value));
    }

    // --- texts ---------------------------------------------------------------------------------
    function showMessage(key, values = {}) {
      message = key ? [key, values] : null;
      ui.message.textContent = key ? t(key, values) : '';
      ui.message.hidden = !key;
    }

    function renderLegend() {
      if (!ranking?.rows.length) return ui.legend.replaceChildren();
      const min = ranking.rows.at(-1).shown;
      const items = widthSamples(ranking.max, min).map(({ value, width }) => h('li', {},
        swatch(width), h('span', {}, formatValue(value, unit))));
      const selected = h('span', { class: 'flows-selected-swatch', 'aria-hidden': 'true' });
      ui.legend.replaceChildren(
        h('p', { class: 'flows-legend-title', id: 'flows-legend-title' }, t('flows.legend')),
        h('ul', { class: 'flows-widths' }, ...items),
        h('p', { class: 'muted' }, t('flows.legendNote')),
        h('p', { class: 'flows-legend-selected' }, selected, t('flows.selected')),
      );
    }

    function renderTable() {
      const ind = byCode().get(state.indicator);
      if (!ranking?.rows.length || !ind) {
        ui.table.replaceChildren();
        ui.table.hidden = true;
        ui.total.textContent = '';
        ui.source.textContent = ind ? t('flows.source', { source: ind.source_organization }) : '';
        return;
      }
      const count = ranking.rows.length;
      const caption = t(`flows.caption.${state.direction}`, {
        count, name: countryName(state.country), indicator: localName(ind), year: formatYear(state.year),
      });
      const head = h('tr', {}, ...['rank', 'partner', 'value', 'share'].map((k) => h('th', { scope: 'col', class: `col-${k}` }, t(`flows.${k}`))));
      const body = ranking.rows.map((row) => {
        const name = countryName(row.partner);
        const button = h('button', { type: 'button', class: 'flows-partner', title: t('flows.partnerHint', { name }) }, name);
        button.addEventListener('click', () => choose('country', row.partner));
        return h('tr', { 'data-iso3': row.partner },
          h('td', { class: 'col-rank' }, formatNumber(row.rank)),
          h('th', { scope: 'row', class: 'col-partner' }, button),
          h('td', { class: 'col-value', 'data-value': row.value }, formatValue(row.shown, unit)),
          h('td', { class: 'col-share', 'data-share': row.share ?? '' }, formatShare(row.share)));
      });
      ui.table.hidden = false;
      ui.table.replaceChildren(h('caption', {}, caption), h('thead', {}, head), h('tbody', {}, ...body));
      ui.total.textContent = t('flows.total', { count: ranking.count, value: formatValue(ranking.total, unit) });
      ui.source.textContent = t('flows.source', { source: ind.source_organization });
    }

    function render() {
      ui.title.textContent = t('flows.title');
      ui.intro.textContent = t('flows.intro');
      fillControls();
      if (message) showMessage(...message);
      renderLegend();
      renderTable();
      root.dataset.country = state.country ?? '';
      root.dataset.direction = state.direction;
      root.dataset.count = String(ranking?.rows.length ?? 0);
    }

    // --- map -----------------------------------------------------------------------------------
    const before = (...ids) => ids.find((id) => map.getLayer(id));
    function addLayers() {
      if (map.getSource(IDS.arcs)) return;
      map.addSource(IDS.arcs, { type: 'geojson', data: EMPTY });
      map.addSource(IDS.arrows, { type: 'geojson', data: EMPTY });
      const none = ['==', ['get', 'iso3'], ''];
      const overCountries = before('routes-casing', LAYERS.routes, LAYERS.labels);
      map.addLayer({ id: IDS.country, type: 'fill', source: SOURCE, 'source-layer': 'countries', filter: none,
        paint: { 'fill-color': '#f6c453', 'fill-opacity': 0.75 } }, overCountries);
      map.addLayer({ id: IDS.countryLine, type: 'line', source: SOURCE, 'source-layer': 'countries', filter: none,
        paint: { 'line-color': INK, 'line-width': 2.5 } }, overCountries);
      const top = before(LAYERS.labels);
      map.addLayer({ id: IDS.casing, type: 'line', source: IDS.arcs, layout: { 'line-join': 'round' },
        paint: { 'line-color': '#ffffff', 'line-opacity': 0.85, 'line-width': ['+', ['get', 'width'], 2] } }, top);
      map.addLayer({ id: IDS.arcs, type: 'line', source: IDS.arcs, layout: { 'line-join': 'round' },
        paint: { 'line-color': ARC_COLOR, 'line-opacity': 0.9, 'line-width': ['get', 'width'] } }, top);
      map.addLayer({ id: IDS.arrows, type: 'fill', source: IDS.arrows,
        paint: { 'fill-color': ARC_COLOR, 'fill-opacity': 0.95, 'fill-outline-color': '#ffffff' } }, top);
      // The routes stay for orientation, faded so that the arcs stand out.
      for (const [layer, prop] of DIMMED) {
        if (!map.getLayer(layer)) continue;
        dimmed.push([layer, prop, map.getPaintProperty(layer, prop)]);
        map.setPaintProperty(layer, prop, 0.25);
      }
    }

    function removeLayers() {
      for (const id of [IDS.arrows, IDS.arcs, IDS.casing, IDS.countryLine, IDS.country]) if (map.getLayer(id)) map.removeLayer(id);
      for (const id of [IDS.arrows, IDS.arcs]) if (map.getSource(id)) map.removeSource(id);
      for (const [layer, prop, value] of dimmed.splice(0)) if (map.getLayer(layer)) map.setPaintProperty(layer, prop, value);
    }

    function draw() {
      const rows = ranking?.rows ?? [];
      const { arcs, heads } = arcCollections(rows, ranking?.max ?? 0, map.getZoom());
      map.getSource(IDS.arcs)?.setData(arcs);
      map.getSource(IDS.arrows)?.setData(heads);
      const only = ['==', ['get', 'iso3'], state.country ?? ''];
      if (map.getLayer(IDS.country)) map.setFilter(IDS.country, only);
      if (map.getLayer(IDS.countryLine)) map.setFilter(IDS.countryLine, only);
    }

    /** Shows every arc beside the panel (left of it on a wide screen, above it on a phone). */
    function fit() {
      const box = boundsOf(ranking?.rows ?? []);
      if (!box) return;
      const mapRect = map.getContainer().getBoundingClientRect();
      const panelRect = (root.parentElement ?? root).getBoundingClientRect();
      const padding = { top: 40, right: 50, bottom: 30, left: 30 };
      if (panelRect.width && panelRect.width < mapRect.width * 0.8) padding.left = Math.max(30, panelRect.right - mapRect.left + 30);
      else if (panelRect.height) padding.bottom = Math.max(30, mapRect.bottom - panelRect.top + 20);
      if (padding.left + padding.right >= mapRect.width - 40 || padding.top + padding.bottom >= mapRect.height - 40) return;
      map.fitBounds([[box[0], box[1]], [box[2], box[3]]], { padding, maxZoom: 6, duration: 0 });
    }

    const onZoom = () => draw(); // the arrowheads keep their size in pixels
    const onPointer = (e) => {
      const rect = map.getCanvas().getBoundingClientRect();
      lastPoint = { x: e.clientX - rect.left, y: e.clientY - rect.top };
    };

    // --- data ----------------------------------------------------------------------------------
    async function load({ fit: refit = true } = {}) {
      const mine = ++seq;
      const stale = () => mine !== seq || !active;
      root.dataset.loading = '1';
      showMessage('flows.loading');
      try {
        years = state.indicator && state.country ? await fetchYears(state.indicator, state.country) : [];
        if (stale()) return;
        unit = byCode().get(state.indicator)?.unit ?? null;
        if (!indicators().length) {
          ranking = null;
          available = [];
          showMessage('flows.noIndicators');
        } else if (!years.length) {
          ranking = null;
          available = [];
          state.year = null;
          showMessage('flows.noYears', { name: countryName(state.country) });
        } else {
          if (!years.includes(state.year)) state.year = years[0];
          const features = await fetchArcs(state.indicator, state.year, state.country);
          if (stale()) return;
          const split = splitDirections(features, state.country);
          available = DIRECTIONS.filter((d) => split[d].length);
          if (!available.includes(state.direction)) state.direction = available[0] ?? state.direction;
          ranking = rankPartners(split[state.direction], state.direction, state.top);
          unit = features[0]?.properties.unit ?? unit;
          showMessage(null);
        }
        ctx.setStatus(null);
        render();
        draw();
        if (refit) fit();
      } catch (err) {
        if (stale()) return;
        ranking = null;
        showMessage('flows.failed', { error: err.message });
        render();
        draw();
      } finally {
        if (!stale()) {
          ctx.changed({ push: false }); // the keys as the data settled them (year, direction)
          root.dataset.loading = '0';
        }
      }
    }

    return {
      async enter(next) {
        const countries = [...ctx.countries.keys()];
        Object.assign(state, parseParams(next, { countries, indicators: indicators().map((i) => i.code) }));
        if (!state.direction) state.direction = DIRECTIONS[0];
        if (!active) {
          active = true;
          addLayers();
          map.on('zoomend', onZoom);
          map.getCanvasContainer().addEventListener('mousemove', onPointer, true);
        }
        render();
        await load();
      },
      leave() {
        active = false;
        seq++;
        map.off('zoomend', onZoom);
        map.getCanvasContainer().removeEventListener('mousemove', onPointer, true);
        removeLayers();
        lastPoint = null;
      },
      relabel() {
        render();
      },
      params,
      onCountryClick(iso3) {
        if (!ctx.countries.has(iso3) || iso3 === state.country) return;
        ui.country.value = iso3;
        choose('country', iso3);
      },
      hoverInfo(hit) {
        const layers = [IDS.arcs, IDS.arrows].filter((id) => map.getLayer(id));
        const near = lastPoint && layers.length
          ? map.queryRenderedFeatures([[lastPoint.x - 3, lastPoint.y - 3], [lastPoint.x + 3, lastPoint.y + 3]], { layers })
          : [];
        const ind = byCode().get(state.indicator);
        if (near.length) {
          const p = near[0].properties;
          return {
            title: `${countryName(p.origin)} → ${countryName(p.destination)}`,
            lines: [
              localName(ind),
              t('flows.hover.value', { value: formatValue(p.shown, unit), year: formatYear(p.year) }),
              t('flows.hover.share', { share: formatShare(p.share) }),
            ],
          };
        }
        if (hit?.kind === 'country' && hit.properties.role === 'scope') {
          const iso3 = hit.properties.iso3;
          const title = countryName(iso3);
          if (iso3 === state.country) return { title, lines: [t('flows.hover.selected')] };
          const row = ranking?.rows.find((r) => r.partner === iso3);
          if (!row) return { title, lines: [t('flows.hover.notTop'), t('flows.hover.choose')] };
          return {
            title,
            lines: [
              t(`flows.hover.partner.${state.direction}`, { name: countryName(state.country), value: formatValue(row.shown, unit) }),
              t('flows.hover.share', { share: formatShare(row.share) }),
            ],
          };
        }
        return hit ? baseHoverInfo(hit, { mode: 'group', values: new Map(), countryName }) : null;
      },
    };
  },
};

/** A legend sample: a line `width` px wide ending in the arrowhead drawn on the map (inline SVG). */
function swatch(width) {
  const ns = 'http://www.w3.org/2000/svg';
  const svg = document.createElementNS(ns, 'svg');
  const long = 8 + 1.6 * width;
  const half = 4 + 0.8 * width;
  const hgt = Math.ceil(2 * half + 2);
  const w = 64;
  const mid = hgt / 2;
  svg.setAttribute('width', String(w));
  svg.setAttribute('height', String(hgt));
  svg.setAttribute('viewBox', `0 0 ${w} ${hgt}`);
  svg.setAttribute('aria-hidden', 'true');
  svg.setAttribute('class', 'flows-swatch');
  const line = document.createElementNS(ns, 'line');
  for (const [k, v] of [['x1', 1], ['y1', mid], ['x2', w - 1 - long * 0.7], ['y2', mid], ['stroke', ARC_COLOR], ['stroke-width', width]]) {
    line.setAttribute(k, String(v));
  }
  const head = document.createElementNS(ns, 'polygon');
  head.setAttribute('points', `${w - 1},${mid} ${w - 1 - long},${mid - half} ${w - 1 - long},${mid + half}`);
  head.setAttribute('fill', ARC_COLOR);
  svg.append(line, head);
  return svg;
}
