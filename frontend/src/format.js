/**
 * Number, unit, year and month formatting shared by the legend, tooltip, table and panel, with Intl
 * for the interface's language (i18n.js): "2,837,849 persons" in English, "2 837 849 чел." in
 * Russian. Pure apart from reading the current language.
 */
import { getLang, t, unitName } from './i18n.js';

const cache = new Map();
function nf(kind) {
  const lang = getLang();
  const key = `${lang}|${kind}`;
  if (!cache.has(key)) {
    const options = {
      full0: { maximumFractionDigits: 0 },
      full2: { maximumFractionDigits: 2 },
      compact: { notation: 'compact', maximumFractionDigits: 1 },
      short1: { maximumFractionDigits: 1 },
      year: { useGrouping: false, maximumFractionDigits: 0 },
    }[kind];
    cache.set(key, new Intl.NumberFormat(lang, options));
  }
  return cache.get(key);
}

/** A number with thousands separators: 2837849 -> "2,837,849" ("2 837 849"), 11.694 -> "11.69" ("11,69"). */
export function formatNumber(value) {
  return nf(Math.abs(value) >= 1000 ? 'full0' : 'full2').format(value);
}

/** A short label for the legend: 2837849 -> "2.8M" ("2,8 млн"), 11.694 -> "12", 0.034 -> "0.03". */
export function formatShort(value) {
  const abs = Math.abs(value);
  if (abs >= 10000) return nf('compact').format(value);
  if (abs >= 10) return nf('full0').format(value);
  return abs >= 1 ? nf('short1').format(value) : nf('full2').format(value);
}

/** A year as a plain number in any language ("2020", never "2 020"). */
export function formatYear(year) {
  return year === null || year === undefined ? '' : nf('year').format(year);
}

/**
 * A month "YYYY-MM" in words: "May 2023", "май 2023 г." (Intl.DateTimeFormat; UTC, so no time zone
 * can move it to the month before).
 */
export function formatMonth(month) {
  const [y, m] = String(month).split('-').map(Number);
  if (!y || !m) return String(month ?? '');
  return new Intl.DateTimeFormat(getLang(), { year: 'numeric', month: 'long', timeZone: 'UTC' })
    .format(new Date(Date.UTC(y, m - 1, 1)));
}

/**
 * Joins a formatted number and its unit (translated): "2,837,849 persons", "11.7% of GDP";
 * Russian keeps number and unit together with a no-break space, also before the percent sign:
 * "11,7 % ВВП".
 */
export function withUnit(text, unit) {
  if (!unit) return text;
  const name = unitName(unit);
  const ru = getLang() === 'ru';
  if (name.startsWith('%')) return ru ? `${text}\u00a0${name}` : `${text}${name}`;
  return ru ? `${text}\u00a0${name}` : `${text} ${name}`;
}

/** A value with unit, or "no data" when the value is missing (null is not zero). */
export function formatValue(value, unit) {
  return isMissing(value) ? t('value.noData') : withUnit(formatNumber(value), unit);
}

export function isMissing(value) {
  return value === null || value === undefined || !Number.isFinite(value);
}

/** "2007–2012", "since 2007" ("с 2007 г."), "until 2012" or "". */
export function formatYears(start, end) {
  if (start && end) return start === end ? formatYear(start) : `${formatYear(start)}–${formatYear(end)}`;
  if (start) return t('years.since', { start: formatYear(start) });
  return end ? t('years.until', { end: formatYear(end) }) : '';
}

/** "return-readmission" -> "Return readmission" (when the theme's own name is not known). */
export function formatTheme(slug) {
  const text = String(slug).replace(/[-_]+/g, ' ').trim();
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** A list in the language's style: "a, b and c" / "a, b и c". */
export function formatList(items) {
  return new Intl.ListFormat(getLang(), { style: 'long', type: 'conjunction' }).format(items);
}
