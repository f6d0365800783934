/**
 * The toolbox in the country panel: the country's initiatives (title linked to the primary source,
 * years, themes, its role, status) and its partnership strategy (demonstration marking, priorities,
 * objectives with their recommendations and the practices these build on, sources), from
 * toolbox-api (`/api/toolbox/v1/initiatives?country=`, `/api/toolbox/v1/strategies/{iso3}`).
 */
import { h } from '../dom.js';
import { formatTheme, formatYear, formatYears } from '../format.js';
import { localName, t } from '../i18n.js';
import { failed, formatDate, muted, section } from './common.js';
import { renderMarkdown } from './markdown.js';

const safeUrl = (url) => (/^https?:\/\//i.test(url ?? '') ? url : null);
const link = (url, text) => (safeUrl(url) ? h('a', { href: url, target: '_blank', rel: 'noopener noreferrer' }, text) : h('span', {}, text));
const themeName = (code, themes) => (themes.has(code) ? localName(themes.get(code)) : formatTheme(code));

function initiative(it, iso3, themes) {
  const years = formatYears(it.start_year, it.end_year);
  const names = (it.themes ?? []).map((code) => themeName(code, themes));
  const role = (it.countries ?? []).find((c) => c.iso3 === iso3)?.role;
  const facts = [
    role ? t('panel.initiative.role', { role: t(`panel.role.${role}`) }) : null,
    it.implementation_status ? t(`panel.status.${it.implementation_status}`) : null,
  ].filter(Boolean);
  // The title comes first: tests and readers take the first child as the initiative's name.
  return h('li', { 'data-testid': 'initiative', 'data-slug': it.slug },
    link(it.source_url ?? it.sources?.[0]?.url, localName(it, 'title')),
    years ? h('span', { class: 'years' }, ` (${years})`) : null,
    names.length ? h('div', { class: 'themes' }, names.join('; ')) : null,
    facts.length ? h('div', { class: 'themes' }, facts.join(' · ')) : null);
}

/** The country's initiatives in the toolbox. */
export function initiativesSection(result, { iso3, themes }) {
  const heading = t('panel.initiatives');
  if (result.status === 'rejected') return section('initiatives', heading, failed('initiatives', result));
  const { items = [], total = items.length } = result.value;
  if (!items.length) return section('initiatives', heading, muted(t('panel.noInitiatives'), { 'data-testid': 'no-initiatives' }));
  const more = total > items.length ? muted(t('panel.showing', { shown: items.length, total })) : null;
  return section('initiatives', heading, h('ul', { class: 'initiatives' }, ...items.map((it) => initiative(it, iso3, themes))), more);
}

function practice(p) {
  return h('li', { 'data-testid': 'practice', 'data-slug': p.slug, 'data-evidence': p.evidence },
    h('span', { class: 'practice-title' }, localName(p, 'title')),
    h('span', { class: 'muted' }, ` (${t('panel.evidence', { grade: t(`panel.evidence.${p.evidence}`) })})`));
}

function recommendation(r) {
  const practices = r.practices ?? [];
  const facts = [
    t(`panel.recStatus.${r.status}`),
    r.target_date ? t('panel.strategy.target', { date: formatDate(r.target_date) }) : null,
  ].filter(Boolean);
  return h('li', { class: 'recommendation', 'data-testid': 'recommendation', 'data-code': r.code, 'data-status': r.status },
    h('p', { class: 'rec-head' }, h('strong', {}, t('panel.strategy.recommendation', { code: r.code })), h('span', { class: 'muted' }, ` · ${facts.join(' · ')}`)),
    renderMarkdown(localName(r, 'text')),
    practices.length
      ? h('div', { class: 'practices' },
        h('span', { class: 'practices-title' }, `${t('panel.strategy.practices')}:`),
        h('ul', {}, ...practices.map(practice)))
      : muted(t('panel.strategy.noPractices'), { class: 'muted small' }));
}

function objective(o, themes) {
  const recs = o.recommendations ?? [];
  return h('li', { class: 'objective', 'data-testid': 'objective', 'data-code': o.code, 'data-theme': o.theme },
    h('p', { class: 'objective-head' },
      h('strong', {}, t('panel.strategy.objective', { code: o.code })),
      h('span', { class: 'muted' }, ` · ${themeName(o.theme, themes)}`)),
    h('p', { class: 'objective-text', 'data-testid': 'objective-text' }, localName(o, 'text')),
    recs.length
      ? h('ul', { class: 'recommendations' }, ...recs.map(recommendation))
      : muted(t('panel.strategy.noRecommendations'), { class: 'muted small' }));
}

/** The country's partnership strategy, or plainly that there is none (a 404 comes as null). */
export function strategySection(result, { name, themes }) {
  const heading = t('panel.strategy');
  if (result.status === 'rejected') return section('strategy', heading, failed('strategy', result));
  const s = result.value;
  if (!s) return section('strategy', heading, muted(t('panel.strategy.none', { name }), { 'data-testid': 'no-strategy' }));
  const priorities = [...(s.priorities ?? [])].sort((a, b) => a.rank - b.rank);
  const sources = s.sources ?? [];
  return section('strategy', heading,
    h('div', { 'data-testid': 'strategy', 'data-demonstration': String(Boolean(s.demonstration)), 'data-country': s.country },
      h('p', { class: 'doc-title', 'data-testid': 'strategy-title' }, localName(s, 'title')),
      s.demonstration ? h('p', { class: 'badge demonstration', 'data-testid': 'demonstration', role: 'note' }, t('panel.strategy.demonstration')) : null,
      s.adopted_year ? muted(t('panel.strategy.adopted', { year: formatYear(s.adopted_year) })) : null,
      renderMarkdown(localName(s, 'summary'), { class: 'md summary' }),
      priorities.length ? h('h4', {}, t('panel.strategy.priorities')) : null,
      priorities.length ? h('ol', { class: 'priorities' }, ...priorities.map((p) => h('li', { 'data-testid': 'priority', 'data-theme': p.theme }, localName(p, 'text')))) : null,
      h('h4', {}, t('panel.strategy.objectives')),
      h('ol', { class: 'objectives' }, ...(s.objectives ?? []).map((o) => objective(o, themes))),
      sources.length ? h('h4', {}, t('panel.strategy.sources')) : null,
      sources.length ? h('ul', { class: 'sources' }, ...sources.map((src) => h('li', {}, link(src.url, src.title)))) : null));
}
