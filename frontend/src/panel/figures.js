/**
 * The country panel's numbers, pure (no DOM): which of the profile's key indicators are shown as
 * key figures and as charts, the change of a series against its previous value, and the geometry
 * of sparklines and line charts (SVG path data, axis ticks). Input is profiles-api's assembled
 * profile (`parts[].indicators[]`: code, unit, scale, latest_period, latest_value, trend).
 */

/** Key figures, in this order when the country has them; others of the profile fill up to MAX_FIGURES. */
export const KEY_FIGURES = [
  'SP.POP.TOTL',
  'SM.POP.NETM',
  'SM.POP.TOTL.ZS',
  'BX.TRF.PWKR.DT.GD.ZS',
  'NY.GDP.PCAP.CD',
  'SL.UEM.TOTL.ZS',
];
export const MAX_FIGURES = 6;

/** The main series drawn as charts, when they have at least two points. */
export const MAIN_SERIES = ['SM.POP.NETM', 'BX.TRF.PWKR.DT.GD.ZS', 'SP.POP.TOTL', 'SL.UEM.TOTL.ZS'];
export const MAX_CHARTS = 4;

/** Every key indicator of the profile, in the template's order (parts A-G). */
export function profileIndicators(profile) {
  return (profile?.parts ?? []).flatMap((part) => part.indicators ?? []);
}

function pick(indicators, preferred, max, usable = () => true) {
  const byCode = new Map(indicators.filter(usable).map((i) => [i.code, i]));
  const chosen = preferred.filter((code) => byCode.has(code)).map((code) => byCode.get(code));
  for (const ind of indicators) {
    if (chosen.length >= max) break;
    if (!chosen.includes(ind) && usable(ind)) chosen.push(ind);
  }
  return chosen.slice(0, max);
}

/** The key figures of a profile: the preferred indicators first, then others in template order. */
export const keyFigures = (profile) => pick(profileIndicators(profile), KEY_FIGURES, MAX_FIGURES);

/** The series to chart: the main ones first, then others with at least two points. */
export const mainSeries = (profile) =>
  pick(profileIndicators(profile), MAIN_SERIES, MAX_CHARTS, (i) => (i.trend ?? []).length >= 2);

/** A value in the unit's own terms: the API gives values in 10^scale units (scale 6 = millions). */
export const scaled = (value, scale = 0) => (scale ? value * 10 ** scale : value);

/** "2020" -> 2020, "2020-Q3" -> 2020.5, "2020-03" -> 2020.1667: a period's start on a year axis. */
export function periodPosition(period) {
  const text = String(period ?? '');
  const year = Number(text.slice(0, 4));
  if (!Number.isFinite(year) || text.length < 4) return Number.NaN;
  const quarter = /^\d{4}-Q([1-4])$/.exec(text);
  if (quarter) return year + (Number(quarter[1]) - 1) / 4;
  const month = /^\d{4}-(\d{2})$/.exec(text);
  if (month) return year + (Number(month[1]) - 1) / 12;
  return year;
}

/** Percent units change in percentage points; counts and money relatively. */
export const isPercentUnit = (unit) => String(unit ?? '').startsWith('%');

/**
 * The latest value against the one before it in the series:
 * {from (period), previous, latest, direction: 'up'|'down'|'flat', kind, amount} where kind is
 * 'points' (a percent unit: amount in percentage points), 'relative' (both values of one sign:
 * amount in percent of the earlier) or 'absolute' (across zero: amount in the unit). Null for a
 * series of fewer than two points.
 */
export function trendChange(indicator) {
  const trend = indicator?.trend ?? [];
  if (trend.length < 2) return null;
  const last = trend[trend.length - 1];
  const before = trend[trend.length - 2];
  const scale = indicator.scale ?? 0;
  const latest = scaled(last.value, scale);
  const previous = scaled(before.value, scale);
  const diff = latest - previous;
  const direction = diff > 0 ? 'up' : diff < 0 ? 'down' : 'flat';
  let kind = 'absolute';
  let amount = diff;
  if (isPercentUnit(indicator.unit)) kind = 'points';
  else if (previous !== 0 && Math.sign(previous) === Math.sign(latest)) {
    kind = 'relative';
    amount = (diff / Math.abs(previous)) * 100;
  }
  return { from: before.period, to: last.period, previous, latest, direction, kind, amount };
}

/** The points of a series as [x, y] numbers (period on a year axis, scaled value), bad points out. */
export function seriesPoints(indicator) {
  const scale = indicator?.scale ?? 0;
  return (indicator?.trend ?? [])
    .map((p) => [periodPosition(p.period), scaled(p.value, scale)])
    .filter(([x, y]) => Number.isFinite(x) && Number.isFinite(y));
}

const round = (n) => Math.round(n * 10) / 10;

function extent(values) {
  let min = Math.min(...values);
  let max = Math.max(...values);
  if (min === max) {
    const pad = min === 0 ? 1 : Math.abs(min) * 0.05;
    min -= pad;
    max += pad;
  }
  return [min, max];
}

/**
 * SVG path data of a line through `points` ([x, y]) in a box of `width` x `height` with `pad`
 * on every side: y grows upwards. One point draws a dot-sized segment.
 */
export function linePath(points, { width, height, pad = 2, xDomain = null, yDomain = null }) {
  if (!points.length) return '';
  const [x0, x1] = xDomain ?? extent(points.map((p) => p[0]));
  const [y0, y1] = yDomain ?? extent(points.map((p) => p[1]));
  const sx = (x) => pad + ((x - x0) / (x1 - x0 || 1)) * (width - 2 * pad);
  const sy = (y) => height - pad - ((y - y0) / (y1 - y0 || 1)) * (height - 2 * pad);
  const coords = points.map(([x, y]) => [round(sx(x)), round(sy(y))]);
  if (coords.length === 1) coords.push([coords[0][0] + 0.1, coords[0][1]]);
  return coords.map(([x, y], i) => `${i ? 'L' : 'M'}${x} ${y}`).join(' ');
}

/** About `count` round numbers from at most `min` to at least `max` (1, 2 or 5 times 10^n apart). */
export function niceTicks(min, max, count = 4) {
  if (!Number.isFinite(min) || !Number.isFinite(max)) return [];
  if (min === max) return [min];
  const raw = (max - min) / Math.max(1, count);
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= raw) ?? 10 * power;
  const ticks = [];
  const end = Math.ceil(max / step - 1e-9) * step;
  for (let v = Math.floor(min / step + 1e-9) * step; v <= end + step * 1e-9; v += step) {
    ticks.push(Number((Math.abs(v) < step * 1e-9 ? 0 : v).toPrecision(12)));
  }
  return ticks;
}

/**
 * The geometry of a line chart: the plot area, the y domain widened to round ticks (and to 0 when
 * the values sit close to it), y ticks with their positions, x ticks at whole years, and the path.
 */
export function chartModel(points, { width = 320, height = 150, left = 48, right = 8, top = 8, bottom = 22 } = {}) {
  if (!points.length) return null;
  const xs = points.map((p) => p[0]);
  const ys = points.map((p) => p[1]);
  let [yMin, yMax] = extent(ys);
  if (yMin > 0 && yMin < (yMax - yMin)) yMin = 0; // a baseline at zero when it is near
  if (yMax < 0 && -yMax < (yMax - yMin)) yMax = 0;
  const yTicks = niceTicks(yMin, yMax, 4);
  yMin = Math.min(yMin, yTicks[0] ?? yMin);
  yMax = Math.max(yMax, yTicks[yTicks.length - 1] ?? yMax);
  const [xMin, xMax] = extent(xs);
  const plot = { x: left, y: top, width: width - left - right, height: height - top - bottom };
  const px = (x) => round(plot.x + ((x - xMin) / (xMax - xMin || 1)) * plot.width);
  const py = (y) => round(plot.y + plot.height - ((y - yMin) / (yMax - yMin || 1)) * plot.height);
  const first = Math.ceil(xMin);
  const last = Math.floor(xMax);
  const span = Math.max(1, last - first);
  const every = [1, 2, 5, 10, 20, 25, 50].find((s) => span / s <= 5) ?? 50;
  const xTicks = [];
  for (let y = first; y <= last; y++) if ((y - first) % every === 0 || y === last) xTicks.push(y);
  if (xTicks.length > 1 && xTicks[xTicks.length - 1] - xTicks[xTicks.length - 2] < every / 2) {
    xTicks.splice(xTicks.length - 2, 1); // the last year wins over a tick crowding it
  }
  const path = points.map(([x, y], i) => `${i ? 'L' : 'M'}${px(x)} ${py(y)}`).join(' ');
  return {
    width,
    height,
    plot,
    yTicks: yTicks.map((v) => ({ value: v, y: py(v) })),
    xTicks: xTicks.map((v) => ({ value: v, x: px(v) })),
    zeroY: yMin < 0 && yMax > 0 ? py(0) : null,
    path,
    dots: points.map(([x, y]) => ({ x: px(x), y: py(y) })),
  };
}

/** "EU27-NO-CH" and other reporting areas of skill shortages, by name; an ISO3 code stays itself. */
export const AREAS = {
  'EU27-NO-CH': {
    name_en: 'EU-27, Norway and Switzerland (EURES, EU level)',
    name_ru: 'ЕС-27, Норвегия и Швейцария (EURES, уровень ЕС)',
  },
};

/**
 * Gateway paths of a country's downloads: the profile as PDF (both languages) and XLSX, a CSV per
 * charted series, and CSVs of the skill shortages and the initiatives when the country has any.
 */
export function downloadLinks(iso3, { series = [], shortages = true, initiatives = true } = {}) {
  const c = encodeURIComponent(iso3);
  const profile = `/api/profiles/v1/countries/${c}`;
  return [
    { id: 'pdf-en', format: 'pdf', href: `${profile}/profile.pdf?lang=en`, lang: 'en' },
    { id: 'pdf-ru', format: 'pdf', href: `${profile}/profile.pdf?lang=ru`, lang: 'ru' },
    { id: 'xlsx', format: 'xlsx', href: `${profile}/profile.xlsx` },
    ...series.map((ind) => ({
      id: `series-${ind.code}`,
      format: 'csv',
      indicator: ind,
      href: `/api/profiles/v1/indicators/${encodeURIComponent(ind.code)}/observations?country=${c}&format=csv&limit=1000`,
    })),
    shortages ? { id: 'shortages', format: 'csv', href: `/api/profiles/v1/shortages?country=${c}&format=csv&limit=1000` } : null,
    initiatives ? { id: 'initiatives', format: 'csv', href: `/api/toolbox/v1/initiatives?country=${c}&format=csv&limit=1000` } : null,
  ].filter(Boolean);
}

/**
 * The part of a bilingual note ("English text. / Русский текст.") in the language, when the note
 * is written that way; the whole note otherwise.
 */
export function noteInLanguage(note, lang) {
  if (!note) return '';
  const halves = note.split(' / ');
  if (halves.length !== 2) return note;
  const cyrillic = (s) => /[\u0400-\u04ff]/.test(s);
  const [a, b] = halves;
  if (cyrillic(b) && !cyrillic(a)) return (lang === 'ru' ? b : a).trim();
  if (cyrillic(a) && !cyrillic(b)) return (lang === 'ru' ? a : b).trim();
  return note;
}
