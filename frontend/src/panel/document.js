/**
 * The country's Extended Migration Profile in the panel: the edition shown with its endorsement
 * state, the template's parts A-G with their narrative sections (Markdown, sources) and key
 * indicators, and the skill shortages concerning the country, from profiles-api's assembled
 * profile (`GET /api/profiles/v1/countries/{iso3}/profile`).
 */
import { h } from '../dom.js';
import { formatYear } from '../format.js';
import { getLang, localName, t } from '../i18n.js';
import { AREAS, noteInLanguage } from './figures.js';
import { failed, formatDate, formatPeriod, indicatorValue, muted, section } from './common.js';
import { renderMarkdown } from './markdown.js';

const safeUrl = (url) => (/^https?:\/\//i.test(url ?? '') ? url : null);

function sourceItem(source) {
  const url = safeUrl(source.url);
  return h('li', {}, url ? h('a', { href: url, target: '_blank', rel: 'noopener noreferrer' }, source.title) : source.title);
}

function profileSectionBlock(s, partCode) {
  const title = localName(s, 'title');
  const sources = s.sources ?? [];
  return h('details', { class: 'profile-section', 'data-testid': 'profile-section', 'data-part': s.part },
    h('summary', {}, s.part !== partCode ? h('span', { class: 'code' }, `${s.part} `) : null, h('span', { class: 'section-title' }, title)),
    renderMarkdown(localName(s, 'body'), { 'data-testid': 'section-body' }),
    sources.length ? h('p', { class: 'sources-title' }, t('panel.part.sources')) : null,
    sources.length ? h('ul', { class: 'sources' }, ...sources.map(sourceItem)) : null);
}

function partIndicators(indicators) {
  if (!indicators.length) return null;
  const rows = indicators.map((ind) => h('tr', { 'data-key-indicator': ind.code },
    h('th', { scope: 'row' }, localName(ind)),
    h('td', { 'data-value': String(ind.latest_value) }, indicatorValue(ind, ind.latest_value)),
    h('td', { class: 'period' }, formatPeriod(ind.latest_period))));
  return h('details', { class: 'part-indicators' },
    h('summary', {}, `${t('panel.part.indicators')} (${indicators.length})`),
    h('table', { class: 'values' }, h('tbody', {}, ...rows)));
}

function partBlock(part) {
  const sections = part.sections ?? [];
  return h('div', { class: 'profile-part', 'data-testid': 'profile-part', 'data-part': part.code, 'data-sections': sections.length },
    h('h4', {}, `${part.code}. ${localName(part, 'title')}`),
    sections.length
      ? h('div', { class: 'part-sections' }, ...sections.map((s) => profileSectionBlock(s, part.code)))
      : muted(t('panel.part.empty'), { 'data-testid': 'part-empty' }),
    partIndicators(part.indicators ?? []));
}

/** The edition, its endorsement state and note, then parts A-G. */
export function profileDocSection(result) {
  const heading = t('panel.profile');
  if (result.status === 'rejected') return section('profile', heading, failed('profileDoc', result));
  const p = result.value;
  const state = p.endorsement ?? 'not_endorsed';
  const edition = p.edition
    ? t('panel.edition', { edition: p.edition, date: formatDate(p.published_at) })
    : t('panel.noEdition');
  const note = noteInLanguage(p.endorsement_note, getLang());
  return section('profile', heading,
    p.edition ? h('p', { class: 'doc-title' }, localName(p, 'title')) : null,
    h('p', { class: 'edition', 'data-testid': 'profile-edition', 'data-edition': p.edition ?? '' }, edition),
    h('p', { class: 'endorsement' },
      `${t('panel.endorsement')}: `,
      h('span', { class: `badge endorsement-${state}`, 'data-testid': 'endorsement', 'data-endorsement': state },
        t(`panel.endorsement.${state}`))),
    note ? h('p', { class: 'note muted', 'data-testid': 'endorsement-note' }, note) : null,
    ...(p.parts ?? []).map(partBlock));
}

function areaName(area, countryName) {
  if (AREAS[area]) return localName(AREAS[area]);
  return countryName(area);
}

function shortageRow(s, countryName) {
  const occupation = s.isco_code
    ? `${s.isco_code} ${s.isco_title ?? ''}`.trim()
    : `${s.nace_code ?? ''} ${s.nace_title ?? ''}`.trim();
  const url = safeUrl(s.source_url);
  return h('tr', {
    'data-testid': 'shortage', 'data-isco': s.isco_code ?? '', 'data-nace': s.nace_code ?? '',
    'data-area': s.area, 'data-year': String(s.year), 'data-direction': s.direction,
  },
  h('th', { scope: 'row' },
    url ? h('a', { href: url, target: '_blank', rel: 'noopener noreferrer' }, occupation) : occupation,
    s.occupation_as_reported ? h('div', { class: 'muted small' }, t('panel.shortages.asReported', { text: s.occupation_as_reported })) : null),
  h('td', {}, areaName(s.area, countryName)),
  h('td', { class: 'num' }, formatYear(s.year)),
  h('td', {}, `${t(`panel.direction.${s.direction}`)}, ${t(`panel.severity.${s.severity}`)}`));
}

/** Occupations and sectors in shortage or surplus for the country (and areas covering it). */
export function shortagesSection(result, { name, countryName }) {
  const heading = t('panel.shortages');
  if (result.status === 'rejected') return section('shortages', heading, failed('profileDoc', result));
  const items = result.value.shortages ?? [];
  if (!items.length) return section('shortages', heading, muted(t('panel.shortages.none', { name }), { 'data-testid': 'no-shortages' }));
  const col = (key) => h('th', { scope: 'col' }, t(key));
  return section('shortages', heading,
    h('div', { class: 'scroll-x' },
      h('table', { class: 'shortages', 'data-testid': 'shortages' },
        h('caption', { class: 'visually-hidden' }, t('panel.shortages.caption')),
        h('thead', {}, h('tr', {}, col('panel.shortages.occupation'), col('panel.shortages.area'), col('panel.shortages.year'), col('panel.shortages.severity'))),
        h('tbody', {}, ...items.map((s) => shortageRow(s, countryName))))),
    getLang() === 'ru' ? muted(t('panel.shortages.englishTitles'), { class: 'muted small' }) : null);
}
