/**
 * Helpers shared by the country panel's sections: the section frame (a <section> with a heading the
 * panel's contents can move the focus to), the "could not load" line, dates, periods, compact
 * values and changes in the interface's language, and an SVG element builder.
 */
import { h } from '../dom.js';
import { formatNumber, formatYear, withUnit } from '../format.js';
import { getLang, t } from '../i18n.js';
import { scaled } from './figures.js';

/** Ids of the panel's sections, in their order. */
export const SECTIONS = ['keyfigures', 'charts', 'values', 'profile', 'shortages', 'initiatives', 'strategy', 'downloads'];

/** A panel section: <section data-section=id> with an <h3 id="panel-h-id" tabindex="-1">. */
export function section(id, heading, ...children) {
  const title = h('h3', { id: `panel-h-${id}`, tabindex: '-1', 'data-testid': 'section-heading' }, heading);
  return h('section', { class: `panel-section panel-${id}`, 'data-section': id, 'aria-labelledby': title.id }, title, ...children);
}

export function failed(what, result) {
  const error = result.reason?.message ?? 'error';
  return h('p', { class: 'error', role: 'alert' }, t('panel.failed', { what: t(`panel.what.${what}`), error }));
}

export const muted = (text, attrs = {}) => h('p', { class: 'muted', ...attrs }, text);

/** "2023" as a year; "2023-Q1" and "2023-05" as given. */
export const formatPeriod = (period) => (/^\d{4}$/.test(String(period)) ? formatYear(Number(period)) : String(period ?? ''));

/** An ISO date or date-time as "6 December 2026" / "6 декабря 2026 г." (UTC: no day shift). */
export function formatDate(iso) {
  const date = new Date(/^\d{4}-\d{2}-\d{2}$/.test(iso ?? '') ? `${iso}T00:00:00Z` : iso);
  if (Number.isNaN(date.getTime())) return String(iso ?? '');
  return new Intl.DateTimeFormat(getLang(), { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).format(date);
}

const compactFormats = new Map();
/** A number for a card: millions and more compact ("2.46M", "2,46 млн"), smaller ones in full. */
export function formatCompact(value) {
  if (Math.abs(value) < 1e6) return formatNumber(value);
  const lang = getLang();
  if (!compactFormats.has(lang)) {
    compactFormats.set(lang, new Intl.NumberFormat(lang, { notation: 'compact', compactDisplay: 'short', maximumFractionDigits: 2 }));
  }
  return compactFormats.get(lang).format(value);
}

/** A key indicator's value in its unit (scale applied), compact for a card or in full. */
export function indicatorValue(ind, value, { compact = false } = {}) {
  const v = scaled(value, ind.scale ?? 0);
  return withUnit(compact ? formatCompact(v) : formatNumber(v), ind.unit);
}

const signed = (text, amount) => (amount > 0 ? `+${text}` : amount < 0 ? `−${text.replace(/^[-−]/, '')}` : text);

/** The amount of a change (see figures.trendChange): "+1.2 pp", "−3.4%", "+12,345 persons". */
export function formatChangeAmount(change, unit) {
  const ru = getLang() === 'ru';
  if (change.kind === 'points') return `${signed(formatNumber(Math.abs(change.amount)), change.amount)}\u00a0${t('panel.pp')}`;
  if (change.kind === 'relative') {
    const pct = signed(formatNumber(Math.abs(change.amount)), change.amount);
    return ru ? `${pct}\u00a0%` : `${pct}%`;
  }
  return signed(withUnit(formatCompact(Math.abs(change.amount)), unit), change.amount);
}

/** A change as a sentence part: "▲ +1.2% vs 2022", "unchanged since 2022". */
export function formatChange(change, unit) {
  if (!change) return t('panel.change.none');
  const from = formatPeriod(change.from);
  if (change.direction === 'flat') return t('panel.change.flat', { from });
  return t('panel.change.vs', { amount: formatChangeAmount(change, unit), from });
}

const SVG_NS = 'http://www.w3.org/2000/svg';
/** An SVG element, attributes set as given (text children only as text nodes). */
export function svg(tag, attrs = {}, ...children) {
  const el = document.createElementNS(SVG_NS, tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value !== null && value !== undefined && value !== false) el.setAttribute(name, String(value));
  }
  el.append(...children.filter((c) => c !== null && c !== undefined && c !== false));
  return el;
}
