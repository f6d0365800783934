/**
 * The routes view (issue 7, item 3): the migration routes and their border crossing points with
 * Frontex's monthly detections of illegal border crossings. A route chooser (names from the data in
 * the interface's language, the kind), the chosen route highlighted on the map and the map fitted to
 * it, its crossing points listed; a month slider over the months the statistics cover with that
 * month's total and top nationalities; a chart of the route's monthly series by nationality (the
 * five nationalities with most detections over the whole series, and all others) with the month
 * marked, and the same numbers as a table. Hash keys `route` and `month`.
 *
 * Data: map-api's OGC API Features collections through the gateway: `routes` (names, kinds, lines),
 * `crossing-points` and `route-statistics` (one row per route, border type, nationality and month;
 * fetched once per route with `?route=<slug>`; a month's totals per route, for the tooltip, with
 * `?datetime=<YYYY-MM>`). Nationalities are ISO3 codes: the Prague Process states are named as
 * profiles-api names them, other states by Intl.DisplayNames on their ISO alpha-2 code (no
 * network), `OOO` (other or unknown) and `STL` (stateless) by the view's messages.
 */
import './routes.css';
import './routes.messages.js';
import { getJSON } from '../api.js';
import { h } from '../dom.js';
import { formatMonth, formatNumber, formatShort, formatYear } from '../format.js';
import { hoverInfo as baseHover } from '../hover.js';
import { compareText, getLang, localName, t } from '../i18n.js';
import { LAYERS, ROUTE_COLORS, SOURCE } from '../style.js';
import { lineChart } from './chart.js';

const COLLECTIONS = '/api/map/v1/collections';
const TOP = 5;
export const OTHERS = '*';

/** Chart colours of the top nationalities (Okabe-Ito, told apart also with colour blindness). */
export const PALETTE = ['#0072b2', '#d55e00', '#009e73', '#cc79a7', '#b8860b'];
export const OTHERS_COLOR = '#6b6b6b';

/**
 * The routes whose statistics carry every nationality; on the others the shipped Frontex subset
 * has only nationals of the 51 Prague Process states (see the route-statistics collection).
 */
export const COMPLETE_ROUTES = new Set(['eastern-borders', 'western-balkans', 'black-sea', 'albania-greece-circular']);

const KINDS = ['land', 'sea', 'air', 'mixed'];
const POINT_TYPES = ['road', 'rail', 'sea', 'air', 'river'];

// ISO 3166-1 alpha-3 -> alpha-2 (ISO 3166 Maintenance Agency; Kosovo's user-assigned XKX -> XK).
const ISO = (
  'ABWAW AFGAF AGOAO AIAAI ALAAX ALBAL ANDAD AREAE ARGAR ARMAM ASMAS ATAAQ ATFTF ATGAG AUSAU AUTAT ' +
  'AZEAZ BDIBI BELBE BENBJ BESBQ BFABF BGDBD BGRBG BHRBH BHSBS BIHBA BLMBL BLRBY BLZBZ BMUBM BOLBO ' +
  'BRABR BRBBB BRNBN BTNBT BVTBV BWABW CAFCF CANCA CCKCC CHECH CHLCL CHNCN CIVCI CMRCM CODCD COGCG ' +
  'COKCK COLCO COMKM CPVCV CRICR CUBCU CUWCW CXRCX CYMKY CYPCY CZECZ DEUDE DJIDJ DMADM DNKDK DOMDO ' +
  'DZADZ ECUEC EGYEG ERIER ESHEH ESPES ESTEE ETHET FINFI FJIFJ FLKFK FRAFR FROFO FSMFM GABGA GBRGB ' +
  'GEOGE GGYGG GHAGH GIBGI GINGN GLPGP GMBGM GNBGW GNQGQ GRCGR GRDGD GRLGL GTMGT GUFGF GUMGU GUYGY ' +
  'HKGHK HMDHM HNDHN HRVHR HTIHT HUNHU IDNID IMNIM INDIN IOTIO IRLIE IRNIR IRQIQ ISLIS ISRIL ITAIT ' +
  'JAMJM JEYJE JORJO JPNJP KAZKZ KENKE KGZKG KHMKH KIRKI KNAKN KORKR KWTKW LAOLA LBNLB LBRLR LBYLY ' +
  'LCALC LIELI LKALK LSOLS LTULT LUXLU LVALV MACMO MAFMF MARMA MCOMC MDAMD MDGMG MDVMV MEXMX MHLMH ' +
  'MKDMK MLIML MLTMT MMRMM MNEME MNGMN MNPMP MOZMZ MRTMR MSRMS MTQMQ MUSMU MWIMW MYSMY MYTYT NAMNA ' +
  'NCLNC NERNE NFKNF NGANG NICNI NIUNU NLDNL NORNO NPLNP NRUNR NZLNZ OMNOM PAKPK PANPA PCNPN PERPE ' +
  'PHLPH PLWPW PNGPG POLPL PRIPR PRKKP PRTPT PRYPY PSEPS PYFPF QATQA REURE ROURO RUSRU RWARW SAUSA ' +
  'SDNSD SENSN SGPSG SGSGS SHNSH SJMSJ SLBSB SLESL SLVSV SMRSM SOMSO SPMPM SRBRS SSDSS STPST SURSR ' +
  'SVKSK SVNSI SWESE SWZSZ SXMSX SYCSC SYRSY TCATC TCDTD TGOTG THATH TJKTJ TKLTK TKMTM TLSTL TONTO ' +
  'TTOTT TUNTN TURTR TUVTV TWNTW TZATZ UGAUG UKRUA UMIUM URYUY USAUS UZBUZ VATVA VCTVC VENVE VGBVG ' +
  'VIRVI VNMVN VUTVU WLFWF WSMWS YEMYE ZAFZA ZMBZM ZWEZW XKXXK'
);
export const ISO2 = new Map(ISO.split(/\s+/).filter(Boolean).map((c) => [c.slice(0, 3), c.slice(3)]));

// --- pure helpers (tested under node) ----------------------------------------------------------
const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

/** "2023-05" is a month; "2023-5", "2023-13", "May" are not. */
export const isMonth = (value) => MONTH.test(String(value ?? ''));

/** The month of a date the API gives ("2023-05-01" -> "2023-05"); null when it is none. */
export function monthOf(value) {
  const month = String(value ?? '').slice(0, 7);
  return isMonth(month) ? month : null;
}

/** Every month from `first` to `last`, both included: ("2022-11", "2023-02") -> 4 months. */
export function monthSpan(first, last) {
  if (!isMonth(first) || !isMonth(last) || first > last) return [];
  const out = [];
  let [y, m] = first.split('-').map(Number);
  for (let guard = 0; guard < 12 * 200; guard++) {
    const month = `${y}-${String(m).padStart(2, '0')}`;
    out.push(month);
    if (month === last) break;
    m += 1;
    if (m > 12) [y, m] = [y + 1, 1];
  }
  return out;
}

/** Entries of a Map code -> count, most first (ties by code), zeros left out. */
export function ranked(counts) {
  return [...counts].filter(([, n]) => n > 0).sort(([a, x], [b, y]) => y - x || (a < b ? -1 : a > b ? 1 : 0));
}

/**
 * A route's statistics (rows {nationality, month, detections}, one per border type) summed per
 * month and nationality: {months, byMonth: Map month -> Map nationality -> detections, totals:
 * Map nationality -> detections over all months}. `months` is the continuous span `span` (the
 * collection's months), widened to the rows' own months; without a span, the rows' first to last.
 */
export function summarize(rows, span = []) {
  const byMonth = new Map();
  const totals = new Map();
  for (const row of rows) {
    const month = monthOf(row.month);
    const n = Number(row.detections);
    if (!month || !row.nationality || !Number.isFinite(n)) continue;
    if (!byMonth.has(month)) byMonth.set(month, new Map());
    const cell = byMonth.get(month);
    cell.set(row.nationality, (cell.get(row.nationality) ?? 0) + n);
    totals.set(row.nationality, (totals.get(row.nationality) ?? 0) + n);
  }
  const seen = [...byMonth.keys(), ...span].sort();
  return { months: monthSpan(seen[0], seen[seen.length - 1]), byMonth, totals };
}

/** The first day of a month "YYYY-MM" (UTC). */
export const monthDate = (month) => new Date(Date.UTC(Number(month.slice(0, 4)), Number(month.slice(5, 7)) - 1, 1));

/** The last month with a detection, else the last month of the span (null when there is none). */
export function latestMonth(summary) {
  const withData = [...summary.byMonth].filter(([, cell]) => ranked(cell).length).map(([m]) => m).sort();
  return withData[withData.length - 1] ?? summary.months[summary.months.length - 1] ?? null;
}

/** `month` when the statistics span it, else their latest month with data. */
export function clampMonth(summary, month) {
  return summary.months.includes(month) ? month : latestMonth(summary);
}

/**
 * One month of a route: {total, top: [{nationality, detections}] (the `top` largest), others:
 * {count, detections}} (the remaining nationalities with detections).
 */
export function monthDetail(summary, month, top = TOP) {
  const rows = ranked(summary.byMonth.get(month) ?? new Map());
  const rest = rows.slice(top);
  return {
    month,
    total: rows.reduce((sum, [, n]) => sum + n, 0),
    top: rows.slice(0, top).map(([nationality, detections]) => ({ nationality, detections })),
    others: { count: rest.length, detections: rest.reduce((sum, [, n]) => sum + n, 0) },
  };
}

/**
 * The chart's series: the `top` nationalities with most detections over the whole span, each with
 * its value per month (0 where none was reported), then all other nationalities together (key
 * OTHERS) when there are any; and the total per month.
 */
export function chartSeries(summary, top = TOP) {
  const keys = ranked(summary.totals).slice(0, top).map(([k]) => k);
  const chosen = new Set(keys);
  const cells = summary.months.map((m) => summary.byMonth.get(m) ?? new Map());
  const series = keys.map((key) => ({ key, values: cells.map((cell) => cell.get(key) ?? 0) }));
  const others = cells.map((cell) => [...cell].reduce((sum, [k, n]) => (chosen.has(k) ? sum : sum + n), 0));
  if (others.some((n) => n > 0)) series.push({ key: OTHERS, values: others });
  const totals = cells.map((cell) => [...cell.values()].reduce((sum, n) => sum + n, 0));
  return { keys, series, totals };
}

/** x labels: the Januaries of the span, every few years so that at most `max` are shown. */
export function yearTicks(months, max = 6) {
  const januaries = months.map((m, index) => ({ m, index })).filter(({ m }) => m.endsWith('-01'));
  const step = Math.max(1, Math.ceil(januaries.length / max));
  return januaries.filter((_, k) => k % step === 0).map(({ m, index }) => ({ index, year: Number(m.slice(0, 4)) }));
}

/** [[west, south], [east, north]] of a GeoJSON geometry; null without coordinates. */
export function bboxOf(geometry) {
  let [w, s, e, n] = [Infinity, Infinity, -Infinity, -Infinity];
  const walk = (c) => {
    if (!Array.isArray(c)) return;
    if (typeof c[0] === 'number') {
      [w, s, e, n] = [Math.min(w, c[0]), Math.min(s, c[1]), Math.max(e, c[0]), Math.max(n, c[1])];
    } else c.forEach(walk);
  };
  walk(geometry?.coordinates);
  return Number.isFinite(w) ? [[w, s], [e, n]] : null;
}

/** The routes in the map's order (the order of their colours), others after them by name. */
export function orderRoutes(routes) {
  const rank = new Map(ROUTE_COLORS.map(([slug], i) => [slug, i]));
  const at = (r) => rank.get(r.slug) ?? ROUTE_COLORS.length;
  return [...routes].sort((a, b) => at(a) - at(b) || compareText(a.name, b.name));
}

const displayNames = new Map();
/**
 * A nationality (ISO3) in the language: a Prague Process state as profiles-api names it
 * (`countries`: iso3 -> record with name_en/name_ru), another state by Intl.DisplayNames, OOO and
 * STL by the messages; an unknown code as given.
 */
export function nationalityName(code, { countries = new Map(), lang = getLang() } = {}) {
  if (code === 'OOO' || code === 'STL') return t(`routes.nat.${code}`);
  if (code === OTHERS) return t('routes.othersSeries');
  const record = countries.get(code);
  if (record) return localName(record, 'name', lang);
  const alpha2 = ISO2.get(code);
  if (!alpha2) return code;
  try {
    if (!displayNames.has(lang)) displayNames.set(lang, new Intl.DisplayNames([lang], { type: 'region' }));
    return displayNames.get(lang).of(alpha2) ?? code;
  } catch {
    return code;
  }
}

/** A route's kind in words ("land", "сухопутный"). */
export const kindName = (kind) => t(`routes.kind.${KINDS.includes(kind) ? kind : 'other'}`);

/** The tooltip's line on a route's detections in `month`: `total` null while it is loading. */
export function detectionsLine(month, total) {
  const name = formatMonth(month);
  if (total === null || total === undefined) return t('routes.hover.loading', { month: name });
  if (total > 0) return t('routes.hover.detections', { month: name, count: formatNumber(total) });
  return t('routes.hover.none', { month: name });
}

// --- data --------------------------------------------------------------------------------------
/** Every feature of an OGC API Features query, following its `next` links. */
async function allFeatures(url) {
  const out = [];
  let next = url;
  for (let guard = 0; next && guard < 100; guard++) {
    const page = await getJSON(next);
    out.push(...(page.features ?? []));
    next = (page.links ?? []).find((l) => l.rel === 'next')?.href ?? null;
  }
  return out;
}

const enc = encodeURIComponent;

async function fetchRoutes() {
  const features = await allFeatures(`${COLLECTIONS}/routes/items?limit=1000`);
  return features.map((f) => ({ ...f.properties, slug: f.properties.slug ?? f.id, bbox: bboxOf(f.geometry) }));
}

async function fetchPoints() {
  const features = await allFeatures(`${COLLECTIONS}/crossing-points/items?limit=1000`);
  return features.map((f) => ({ ...f.properties, slug: f.properties.slug ?? f.id, coordinates: f.geometry?.coordinates ?? null }));
}

/** The months the statistics cover (the collection's temporal extent); [] when it has none. */
async function fetchSpan() {
  const doc = await getJSON(`${COLLECTIONS}/route-statistics`);
  const [start, end] = doc.extent?.temporal?.interval?.[0] ?? [];
  return monthSpan(monthOf(start), monthOf(end));
}

async function fetchStatistics(slug) {
  const url = `${COLLECTIONS}/route-statistics/items?route=${enc(slug)}&limit=10000&properties=nationality,month,detections`;
  return (await allFeatures(url)).map((f) => f.properties);
}

/** A month's detections per route: Map slug -> total. */
async function fetchMonthTotals(month) {
  const url = `${COLLECTIONS}/route-statistics/items?datetime=${enc(month)}&limit=10000&properties=route,detections`;
  const totals = new Map();
  for (const { properties: p } of await allFeatures(url)) {
    totals.set(p.route, (totals.get(p.route) ?? 0) + Number(p.detections ?? 0));
  }
  return totals;
}

// --- the view ----------------------------------------------------------------------------------
const HIGHLIGHT = 'routes-view-highlight';
const HIGHLIGHT_POINTS = 'routes-view-points';
const byZoom = (...stops) => ['interpolate', ['linear'], ['zoom'], ...stops];

function createRoutesView(ctx) {
  const { map, root } = ctx;
  const state = {
    routes: [],
    bySlug: new Map(),
    points: [],
    span: [],
    route: null,
    month: null,
    summary: null,
    series: null,
  };
  const statistics = new Map(); // slug -> Promise of its summary
  const monthTotals = new Map(); // month -> Map slug -> total (or a pending Promise)
  let base = null; // Promise of routes, points and span
  let active = false;
  let seq = 0; // the latest enter or route choice: older ones stop when they see a newer one
  let fitted = null; // the route the map was last fitted to

  const name = (code) => nationalityName(code, { countries: ctx.countries });
  const ui = {
    title: h('h2', { id: 'routes-title' }),
    intro: h('p', { class: 'muted routes-intro' }),
    routeLabel: h('label', { for: 'routes-route' }),
    select: h('select', { id: 'routes-route', name: 'route' }),
    about: h('div', { class: 'routes-about', id: 'routes-about' }),
    monthLabel: h('label', { for: 'routes-month' }),
    slider: h('input', { type: 'range', id: 'routes-month', name: 'month', min: '0', max: '0', step: '1', value: '0' }),
    output: h('output', { id: 'routes-month-output', for: 'routes-month' }),
    summary: h('div', { id: 'routes-summary', class: 'routes-summary' }),
    chartTitle: h('h3', { id: 'routes-chart-title' }),
    chart: h('figure', { id: 'routes-chart', class: 'routes-chart', 'aria-labelledby': 'routes-chart-title' }),
    table: h('details', { id: 'routes-table', class: 'routes-table' }),
    pointsTitle: h('h3', { id: 'routes-points-title' }),
    points: h('ul', { id: 'routes-points', class: 'routes-points', 'aria-labelledby': 'routes-points-title' }),
    description: h('p', { id: 'routes-description', class: 'routes-description' }),
    source: h('p', { class: 'routes-source muted' }),
  };
  root.append(
    ui.title,
    ui.intro,
    h('div', { class: 'routes-field' }, ui.routeLabel, ui.select),
    ui.about,
    h('div', { class: 'routes-field routes-month' }, ui.monthLabel, h('div', { class: 'routes-slider' }, ui.slider, ui.output)),
    ui.summary,
    ui.chartTitle,
    ui.chart,
    ui.table,
    ui.pointsTitle,
    ui.points,
    ui.description,
    ui.source,
  );

  const current = () => state.bySlug.get(state.route) ?? null;

  function loadBase() {
    if (!base) {
      base = Promise.all([fetchRoutes(), fetchPoints(), fetchSpan().catch(() => [])]).then(([routes, points, span]) => {
        state.routes = orderRoutes(routes);
        state.bySlug = new Map(state.routes.map((r) => [r.slug, r]));
        state.points = points;
        state.span = span;
      });
      base.catch(() => { base = null; }); // a later enter tries again
    }
    return base;
  }

  function summaryOf(slug) {
    if (!statistics.has(slug)) {
      const p = fetchStatistics(slug).then((rows) => summarize(rows, state.span));
      p.catch(() => statistics.delete(slug));
      statistics.set(slug, p);
    }
    return statistics.get(slug);
  }

  function loadMonthTotals(month) {
    if (!month || monthTotals.has(month)) return;
    const p = fetchMonthTotals(month).then((totals) => monthTotals.set(month, totals));
    p.catch(() => monthTotals.delete(month));
    monthTotals.set(month, p);
  }

  // --- map layers ----------------------------------------------------------------------------
  function addLayers() {
    if (!map.getLayer(HIGHLIGHT)) {
      map.addLayer({
        id: HIGHLIGHT,
        type: 'line',
        source: SOURCE,
        'source-layer': 'routes',
        filter: ['==', ['get', 'slug'], ''],
        layout: { 'line-join': 'round', 'line-cap': 'round' },
        paint: { 'line-color': '#ffcc33', 'line-opacity': 0.9, 'line-width': byZoom(2, 9, 4, 12, 8, 18) },
      }, map.getLayer('routes-casing') ? 'routes-casing' : undefined);
    }
    if (!map.getLayer(HIGHLIGHT_POINTS)) {
      map.addLayer({
        id: HIGHLIGHT_POINTS,
        type: 'circle',
        source: SOURCE,
        'source-layer': 'crossing-points',
        filter: ['==', ['get', 'route'], ''],
        paint: { 'circle-radius': byZoom(2, 7, 4, 9, 8, 13), 'circle-color': '#ffcc33', 'circle-opacity': 0.9 },
      }, map.getLayer(LAYERS.points) ? LAYERS.points : undefined);
    }
  }

  function removeLayers() {
    for (const id of [HIGHLIGHT_POINTS, HIGHLIGHT]) if (map.getLayer(id)) map.removeLayer(id);
  }

  function highlight(slug) {
    if (map.getLayer(HIGHLIGHT)) map.setFilter(HIGHLIGHT, ['==', ['get', 'slug'], slug ?? '']);
    if (map.getLayer(HIGHLIGHT_POINTS)) map.setFilter(HIGHLIGHT_POINTS, ['==', ['get', 'route'], slug ?? '']);
  }

  /** Fits the map to the route, leaving out the part the view's panel covers (side or bottom). */
  function fitRoute(route, animate) {
    if (!route?.bbox) return;
    const box = map.getContainer().getBoundingClientRect();
    const panel = root.parentElement?.getBoundingClientRect();
    const pad = { top: 24, right: 56, bottom: 24, left: 24 };
    if (panel?.width && panel.height) {
      if (panel.height < box.height * 0.9) pad.bottom += Math.max(0, box.bottom - panel.top);
      else pad.left += Math.max(0, panel.right - box.left);
    }
    const fits = pad.left + pad.right < box.width - 60 && pad.top + pad.bottom < box.height - 60;
    const reduce = window.matchMedia?.('(prefers-reduced-motion: reduce)').matches;
    map.fitBounds(route.bbox, { padding: fits ? pad : 16, maxZoom: 7, duration: animate && !reduce ? 700 : 0 });
    fitted = route.slug;
  }

  // --- drawing -------------------------------------------------------------------------------
  function renderTexts() {
    root.dataset.lang = getLang();
    ui.title.textContent = t('routes.title');
    ui.intro.textContent = t('routes.intro');
    ui.routeLabel.textContent = t('routes.route');
    ui.monthLabel.textContent = t('routes.month');
    ui.chartTitle.textContent = t('routes.chart');
    ui.pointsTitle.textContent = t('routes.points');
    ui.source.textContent = t('routes.source');
  }

  function renderRoutes() {
    ui.select.replaceChildren(...state.routes.map((r) =>
      h('option', { value: r.slug }, t('routes.option', { name: localName(r), kind: kindName(r.kind) }))));
    if (state.route) ui.select.value = state.route;
    const route = current();
    if (!route) {
      ui.description.textContent = '';
      return ui.about.replaceChildren();
    }
    const color = ROUTE_COLORS.find(([slug]) => slug === route.slug)?.[1] ?? null;
    const line = h('p', { class: 'routes-line' },
      h('span', { class: 'routes-swatch', 'aria-hidden': 'true', style: color ? `background:${color}` : null }),
      route.bbox ? t('routes.indicative') : t('routes.noLine'));
    ui.about.replaceChildren(line);
    ui.description.textContent = localName(route, 'description');
  }

  function renderPoints() {
    const here = state.points.filter((p) => p.route === state.route)
      .sort((a, b) => compareText(localName(a), localName(b)));
    if (!here.length) {
      ui.points.replaceChildren(h('li', { class: 'muted' }, t('routes.points.none')));
      return;
    }
    ui.points.replaceChildren(...here.map((p) => {
      const type = t(`hover.point.${POINT_TYPES.includes(p.type) ? p.type : 'other'}`);
      const sides = [p.country_a, p.country_b].filter(Boolean).map(name).join(' – ');
      const button = h('button', { type: 'button', class: 'routes-point', 'data-slug': p.slug }, localName(p));
      button.addEventListener('click', () => {
        if (p.coordinates) map.flyTo({ center: p.coordinates, zoom: Math.max(map.getZoom(), 8) });
      });
      const approx = p.approximate ? ` (${t('routes.points.approximate')})` : '';
      return h('li', { 'data-slug': p.slug }, button, h('span', { class: 'muted' }, `${type}, ${sides}${approx}`));
    }));
  }

  function renderMonth() {
    const s = state.summary;
    if (!s || !state.month) {
      ui.slider.disabled = true;
      ui.output.textContent = '';
      ui.summary.replaceChildren(h('p', { class: 'muted' }, t('routes.month.none')));
      return;
    }
    const index = s.months.indexOf(state.month);
    ui.slider.disabled = false;
    ui.slider.max = String(s.months.length - 1);
    ui.slider.value = String(index);
    const month = formatMonth(state.month);
    ui.slider.setAttribute('aria-valuetext', month);
    ui.output.textContent = month;
    root.dataset.route = state.route;
    root.dataset.month = state.month;

    const detail = monthDetail(s, state.month);
    const max = detail.top[0]?.detections ?? 0;
    const item = (key, label, value, extra = {}) => h('li', { 'data-nationality': key, 'data-value': value, ...extra },
      h('span', { class: 'routes-nat' }, label),
      h('span', { class: 'num' }, formatNumber(value)),
      h('span', { class: 'routes-bar', 'aria-hidden': 'true', style: `width:${max ? Math.max(1, (100 * value) / max) : 0}%` }));
    const list = h('ol', { id: 'routes-nationalities', class: 'routes-nationalities', 'aria-label': t('routes.topNationalities') },
      ...detail.top.map((r) => item(r.nationality, name(r.nationality), r.detections)),
      detail.others.count ? item('others', t('routes.others', { count: detail.others.count }), detail.others.detections, { 'data-count': detail.others.count }) : null);
    ui.summary.replaceChildren(...[
      h('p', { class: 'routes-total-label' }, t('routes.detectionsIn', { month })),
      h('p', { class: 'routes-total', 'data-testid': 'routes-total', 'data-value': detail.total }, formatNumber(detail.total)),
      detail.total ? h('p', { class: 'routes-subhead' }, t('routes.topNationalities')) : h('p', { class: 'muted' }, t('routes.noDetections')),
      detail.total ? list : null,
      COMPLETE_ROUTES.has(state.route) ? null : h('p', { class: 'routes-note' }, t('routes.partial')),
    ].filter(Boolean));
    renderChart();
    markTableMonth();
  }

  const seriesColor = (key, i) => (key === OTHERS ? OTHERS_COLOR : PALETTE[i % PALETTE.length]);

  function renderChart() {
    const s = state.summary;
    const { series } = state.series;
    if (!series.length) {
      ui.chart.replaceChildren(h('p', { class: 'muted' }, t('routes.chart.empty')));
      return;
    }
    const lines = series.map((x, i) => ({ ...x, label: name(x.key), color: seriesColor(x.key, i), dashed: x.key === OTHERS }));
    const svg = lineChart({
      width: 360,
      height: 190,
      count: s.months.length,
      series: lines,
      xLabels: yearTicks(s.months).map(({ index, year }) => ({ index, text: formatYear(year) })),
      marker: s.months.indexOf(state.month),
      formatY: formatShort,
      title: t('routes.chart'),
      desc: t('routes.chart.desc', {
        route: localName(current()),
        from: formatMonth(s.months[0]),
        to: formatMonth(s.months[s.months.length - 1]),
        month: formatMonth(state.month),
      }),
    });
    const legend = h('ul', { class: 'routes-legend' }, ...lines.map((x) => h('li', { 'data-key': x.key },
      h('span', { class: `routes-key${x.dashed ? ' dashed' : ''}`, 'aria-hidden': 'true', style: `border-color:${x.color}` }),
      x.label)));
    ui.chart.replaceChildren(svg, h('figcaption', {}, legend));
  }

  function renderTable() {
    const s = state.summary;
    if (!s || !state.series.series.length) {
      ui.table.hidden = true;
      return;
    }
    ui.table.hidden = false;
    const { series, totals } = state.series;
    const head = h('tr', {}, h('th', { scope: 'col' }, t('routes.table.month')),
      ...series.map((x) => h('th', { scope: 'col', 'data-key': x.key }, name(x.key))),
      h('th', { scope: 'col', 'data-key': 'total' }, t('routes.table.total')));
    const shortMonth = new Intl.DateTimeFormat(getLang(), { year: 'numeric', month: 'short', timeZone: 'UTC' });
    const rows = [];
    for (let i = s.months.length - 1; i >= 0; i--) {
      rows.push(h('tr', { 'data-month': s.months[i] }, h('th', { scope: 'row' }, shortMonth.format(monthDate(s.months[i]))),
        ...series.map((x) => h('td', { class: 'num', 'data-key': x.key, 'data-value': x.values[i] }, formatNumber(x.values[i]))),
        h('td', { class: 'num', 'data-key': 'total', 'data-value': totals[i] }, formatNumber(totals[i]))));
    }
    const table = h('table', { class: 'data-table' },
      h('caption', {}, t('routes.table.caption', { route: localName(current()) })),
      h('thead', {}, head), h('tbody', {}, ...rows));
    ui.table.replaceChildren(h('summary', {}, t('routes.table.show')), h('div', { class: 'routes-table-scroll', tabindex: '0' }, table));
    ui.table.dataset.route = state.route;
    ui.table.dataset.lang = getLang();
    markTableMonth();
  }

  function markTableMonth() {
    for (const tr of ui.table.querySelectorAll('tr[aria-current]')) tr.removeAttribute('aria-current');
    ui.table.querySelector(`tr[data-month="${state.month}"]`)?.setAttribute('aria-current', 'true');
  }

  function renderAll() {
    renderTexts();
    renderRoutes();
    renderPoints();
    if (state.summary) {
      renderTable();
      renderMonth();
    }
  }

  // --- choices -------------------------------------------------------------------------------
  /** Shows route `slug` at `month` (kept when the statistics span it): map, lists, numbers. */
  async function showRoute(slug, month, { animate = true } = {}) {
    const mine = ++seq;
    if (slug !== state.route) [state.summary, state.series] = [null, null];
    state.route = slug;
    root.dataset.state = 'loading';
    renderTexts();
    renderRoutes();
    renderPoints();
    highlight(slug);
    if (fitted !== slug) fitRoute(current(), animate);
    const summary = await summaryOf(slug);
    if (mine !== seq || !active) return false;
    if (state.summary !== summary) {
      state.summary = summary;
      state.series = chartSeries(summary);
    }
    state.month = clampMonth(summary, month);
    // (the language may have changed while another view was shown)
    if (ui.table.dataset.route !== slug || ui.table.dataset.lang !== getLang()) renderTable();
    renderMonth();
    ctx.setStatus(null);
    root.dataset.state = 'ready';
    loadMonthTotals(state.month);
    return true;
  }

  ui.select.addEventListener('change', async () => {
    try {
      if (await showRoute(ui.select.value, state.month)) ctx.changed({ push: true });
    } catch (err) {
      ctx.setStatus(t('routes.status.failed', { error: err.message }));
    }
  });
  ui.slider.addEventListener('input', () => {
    const month = state.summary?.months[Number(ui.slider.value)];
    if (!month || month === state.month) return;
    state.month = month;
    renderMonth();
  });
  ui.slider.addEventListener('change', () => {
    ctx.changed({ push: true });
    loadMonthTotals(state.month);
  });

  renderTexts();

  return {
    async enter(params = {}) {
      active = true;
      const mine = ++seq;
      root.dataset.state = 'loading';
      renderTexts();
      try {
        await loadBase();
        if (mine !== seq || !active) return;
        addLayers();
        const slug = state.bySlug.has(params.route) ? params.route : (state.route ?? state.routes[0]?.slug ?? null);
        if (!slug) return;
        const month = isMonth(params.month) ? params.month : state.month;
        const animate = fitted !== null; // the first fit jumps, later ones fly
        if (!(await showRoute(slug, month, { animate }))) return;
        // A link naming an unknown route or month shows the nearest view: say so in the URL.
        if (params.route !== state.route || params.month !== state.month) ctx.changed({ push: false });
      } catch (err) {
        root.dataset.state = 'error';
        ctx.setStatus(t('routes.status.failed', { error: err.message }));
      }
    },
    leave() {
      active = false;
      seq += 1;
      fitted = null;
      removeLayers();
    },
    relabel() {
      renderAll();
    },
    params() {
      const own = {};
      if (state.route) own.route = state.route;
      if (state.month) own.month = state.month;
      return own;
    },
    hoverInfo(hit) {
      const info = baseHover(hit, { mode: 'group', values: new Map(), countryName: name });
      const slug = hit.kind === 'route' ? hit.properties.slug : hit.kind === 'point' ? hit.properties.route : null;
      if (!slug || !state.month) return info;
      let total;
      if (slug === state.route && state.summary) total = monthDetail(state.summary, state.month).total;
      else {
        const totals = monthTotals.get(state.month);
        if (totals instanceof Map) total = totals.get(slug) ?? 0;
        else {
          loadMonthTotals(state.month);
          total = null;
        }
      }
      return { title: info.title, lines: [...info.lines, detectionsLine(state.month, total)] };
    },
  };
}

export default {
  id: 'routes',
  label: 'nav.routes',
  create: createRoutesView,
};
