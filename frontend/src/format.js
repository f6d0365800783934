/** Number and label formatting shared by the legend, tooltip and panel (pure, no DOM). */

const full0 = new Intl.NumberFormat('en', { maximumFractionDigits: 0 });
const full2 = new Intl.NumberFormat('en', { maximumFractionDigits: 2 });
const compact = new Intl.NumberFormat('en', { notation: 'compact', maximumFractionDigits: 1 });
const short1 = new Intl.NumberFormat('en', { maximumFractionDigits: 1 });

/** A number with thousands separators: 2837849 -> "2,837,849", 11.694 -> "11.69". */
export function formatNumber(value) {
  return (Math.abs(value) >= 1000 ? full0 : full2).format(value);
}

/** A short label for the legend: 2837849 -> "2.8M", 11.694 -> "11.7", 0.034 -> "0.03". */
export function formatShort(value) {
  const abs = Math.abs(value);
  if (abs >= 10000) return compact.format(value);
  if (abs >= 10) return full0.format(value);
  return abs >= 1 ? short1.format(value) : full2.format(value);
}

/** Joins a formatted number and its unit: "2,837,849 persons", "11.7% of GDP". */
export function withUnit(text, unit) {
  if (!unit) return text;
  return unit.startsWith('%') ? `${text}${unit}` : `${text} ${unit}`;
}

/** A value with unit, or "no data" when the value is missing (null is not zero). */
export function formatValue(value, unit) {
  return isMissing(value) ? 'no data' : withUnit(formatNumber(value), unit);
}

export function isMissing(value) {
  return value === null || value === undefined || !Number.isFinite(value);
}

/** "2007–2012", "since 2007", "until 2012" or "". */
export function formatYears(start, end) {
  if (start && end) return start === end ? String(start) : `${start}–${end}`;
  if (start) return `since ${start}`;
  return end ? `until ${end}` : '';
}

/** "return-readmission" -> "Return readmission". */
export function formatTheme(slug) {
  const text = String(slug).replace(/[-_]+/g, ' ').trim();
  return text.charAt(0).toUpperCase() + text.slice(1);
}
