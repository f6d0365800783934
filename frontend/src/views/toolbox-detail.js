/**
 * The toolbox view's detail pages, built as DOM (text only): an initiative, a practice and a
 * country's strategy, with every field toolbox-api gives, sources as links, countries, themes,
 * evidence grades and the linked records as links within the view.
 *
 * Markdown fields: toolbox-api renders them to sanitised HTML (`html`); that HTML is parsed in an
 * inert document (DOMParser: nothing runs, nothing loads) and rebuilt element by element from an
 * allowlist, links kept only for http(s) and mailto. Without it the plain text is shown.
 */
import { h } from '../dom.js';
import { formatNumber, formatYears } from '../format.js';
import { getLang, localName, t } from '../i18n.js';

const ALLOWED = new Set([
  'p', 'em', 'strong', 'b', 'i', 'ul', 'ol', 'li', 'code', 'pre', 'blockquote', 'table', 'thead',
  'tbody', 'tr', 'th', 'td', 'br', 'hr', 'a', 'del', 's', 'sup', 'sub',
]);
const HEADINGS = new Set(['h1', 'h2', 'h3', 'h4', 'h5', 'h6']);

/** Only http(s) and mailto addresses become links. */
export function safeUrl(url) {
  try {
    const u = new URL(String(url ?? ''), window.location.href);
    return ['http:', 'https:', 'mailto:'].includes(u.protocol) ? u.href : null;
  } catch {
    return null;
  }
}

function rebuild(node) {
  if (node.nodeType === 3) return [document.createTextNode(node.data)];
  if (node.nodeType !== 1) return [];
  const kids = [...node.childNodes].flatMap(rebuild);
  const tag = node.tagName.toLowerCase();
  if (HEADINGS.has(tag)) return [h('h5', {}, ...kids)];
  if (!ALLOWED.has(tag)) return kids;
  const el = document.createElement(tag);
  if (tag === 'a') {
    const href = safeUrl(node.getAttribute('href'));
    if (!href) return kids;
    el.setAttribute('href', href);
    el.setAttribute('rel', 'noopener noreferrer nofollow');
    el.setAttribute('target', '_blank');
  }
  el.append(...kids);
  return [el];
}

/** A Markdown field in the interface's language: the API's sanitised HTML rebuilt, else plain text. */
export function richText(record, field) {
  const lang = getLang();
  const key = record[`${field}_${lang}`] ? `${field}_${lang}` : `${field}_en`;
  const text = record[key] ?? '';
  if (!text) return null;
  const html = record.html?.[key];
  const box = h('div', { class: 'tb-text', 'data-field': field });
  if (html && typeof DOMParser !== 'undefined') {
    const doc = new DOMParser().parseFromString(html, 'text/html');
    box.append(...[...doc.body.childNodes].flatMap(rebuild));
  } else {
    for (const para of text.split(/\n\s*\n/)) if (para.trim()) box.append(h('p', {}, para.trim()));
  }
  return box;
}

/** A date "2027-12-31" as the language writes it. */
export function formatDate(value) {
  const [y, m, d] = String(value ?? '').split('-').map(Number);
  if (!y || !m || !d) return String(value ?? '');
  return new Intl.DateTimeFormat(getLang(), { year: 'numeric', month: 'long', day: 'numeric', timeZone: 'UTC' })
    .format(new Date(Date.UTC(y, m - 1, d)));
}

const label = (prefix, value) => {
  const key = `${prefix}.${value}`;
  const text = t(key);
  return text === key ? String(value) : text;
};

export const evidenceBadge = (evidence) => h('span', {
  class: 'tb-evidence',
  'data-evidence': evidence,
  title: label('toolbox.evidence.help', evidence),
}, label('toolbox.evidence', evidence));

const section = (titleKey, ...content) => {
  const body = content.flat().filter(Boolean);
  if (!body.length) return null;
  return h('section', { class: 'tb-section' }, h('h3', {}, t(titleKey)), ...body);
};

const facts = (rows) => {
  const shown = rows.filter(([, value]) => value !== null && value !== undefined && value !== '');
  if (!shown.length) return null;
  return h('dl', { class: 'tb-facts' }, ...shown.flatMap(([key, value, attrs = {}]) => [
    h('dt', {}, t(key)), h('dd', attrs, value),
  ]));
};

const sourceList = (sources = []) => {
  if (!sources.length) return null;
  return h('ul', { class: 'tb-sources' }, ...sources.map((s) => {
    const href = safeUrl(s.url);
    const title = s.title || s.url;
    return h('li', { 'data-testid': 'source' }, href
      ? h('a', { href, rel: 'noopener noreferrer', target: '_blank' }, title)
      : title);
  }));
};

/**
 * @typedef {object} Links
 * @property {(item: {type: string, key: string}) => string} href the view's hash for an item
 * @property {(iso3: string) => string} countryHref the search filtered by a country
 * @property {(iso3: string) => string} countryName
 * @property {(code: string) => string} themeName
 * @property {(slug: string) => string} routeName map-api's name of a route, else its slug
 * @property {(type: string, ref: object) => void} learn remember a record's slug -> id
 */

const countryLinks = (codes, links) => h('ul', { class: 'tb-inline' }, ...codes.map((iso3) =>
  h('li', { 'data-iso3': iso3 }, h('a', { href: links.countryHref(iso3) }, links.countryName(iso3)))));

const themeList = (codes, links) => h('ul', { class: 'tb-inline tb-themes' }, ...codes.map((code) =>
  h('li', { 'data-theme': code }, links.themeName(code))));

const recordLinks = (type, refs, links, extra = () => null) => h('ul', { class: 'tb-links' }, ...refs.map((ref) => {
  links.learn(type, ref);
  return h('li', { 'data-type': type, 'data-slug': ref.slug },
    h('a', { href: links.href({ type, key: ref.slug }) }, localName(ref, 'title')), extra(ref));
}));

const corridorList = (corridors, links) => (corridors?.length
  ? h('ul', { class: 'tb-inline' }, ...corridors.map((c) => h('li', {}, `${links.countryName(c.from)} → ${links.countryName(c.to)}`)))
  : null);

const routeList = (routes, links) => (routes?.length
  ? h('ul', { class: 'tb-inline' }, ...routes.map((slug) => h('li', { 'data-route': slug }, links.routeName(slug))))
  : null);

function header(type, record) {
  return [
    h('p', { class: 'tb-kicker' }, t(`toolbox.type.${type}`)),
    h('h2', { class: 'tb-detail-title', 'data-testid': 'detail-title' }, localName(record, 'title')),
  ];
}

/** An initiative: texts, facts, countries by role, organisations, themes, practices, sources. */
export function renderInitiative(rec, links) {
  const implementers = rec.countries.filter((c) => c.role === 'implementer').map((c) => c.iso3);
  const partners = rec.countries.filter((c) => c.role === 'partner').map((c) => c.iso3);
  const budget = rec.budget ? `${formatNumber(rec.budget.amount)} ${rec.budget.currency}` : null;
  return h('article', { class: 'tb-detail', 'data-type': 'initiative', 'data-slug': rec.slug, 'data-id': rec.id },
    ...header('initiative', rec),
    facts([
      ['toolbox.field.kind', label('toolbox.kind', rec.kind), { 'data-field': 'kind' }],
      ['toolbox.field.status', label('toolbox.status', rec.implementation_status), { 'data-field': 'implementation_status' }],
      ['toolbox.field.period', formatYears(rec.start_year, rec.end_year), { 'data-field': 'period' }],
      ['toolbox.field.budget', budget, { 'data-field': 'budget' }],
      ['toolbox.field.owner', links.countryName(rec.owner_country), { 'data-field': 'owner_country' }],
    ]),
    section('toolbox.field.summary', richText(rec, 'summary')),
    section('toolbox.field.description', richText(rec, 'description')),
    section('toolbox.field.outcomes', richText(rec, 'outcomes')),
    section('toolbox.field.implementers', implementers.length ? countryLinks(implementers, links) : null),
    section('toolbox.field.partners', partners.length ? countryLinks(partners, links) : null),
    section('toolbox.field.organisations', rec.organisations.length
      ? h('ul', { class: 'tb-orgs' }, ...rec.organisations.map((o) => h('li', { 'data-role': o.role }, `${o.name} (${label('toolbox.org', o.role)})`)))
      : null),
    section('toolbox.field.themes', rec.themes.length ? themeList(rec.themes, links) : null),
    section('toolbox.field.corridors', corridorList(rec.corridors, links)),
    section('toolbox.field.routes', routeList(rec.routes, links)),
    section('toolbox.field.practices', rec.practices?.length ? recordLinks('practice', rec.practices, links) : null),
    section('toolbox.field.sources', sourceList(rec.sources)),
  );
}

/** A practice: what was done, conditions, transferability, evidence, its initiatives, sources. */
export function renderPractice(rec, links) {
  return h('article', { class: 'tb-detail', 'data-type': 'practice', 'data-slug': rec.slug, 'data-id': rec.id },
    ...header('practice', rec),
    facts([
      ['toolbox.field.evidence', evidenceBadge(rec.evidence), { 'data-field': 'evidence' }],
      ['toolbox.field.owner', links.countryName(rec.owner_country), { 'data-field': 'owner_country' }],
    ]),
    h('p', { class: 'tb-evidence-help muted' }, label('toolbox.evidence.help', rec.evidence)),
    section('toolbox.field.what', richText(rec, 'what')),
    section('toolbox.field.conditions', richText(rec, 'conditions')),
    section('toolbox.field.transferability', richText(rec, 'transferability')),
    section('toolbox.field.evidenceNote', richText(rec, 'evidence_note')),
    section('toolbox.field.initiatives', rec.initiatives?.length ? recordLinks('initiative', rec.initiatives, links) : null),
    section('toolbox.field.countries', rec.countries.length ? countryLinks(rec.countries, links) : null),
    section('toolbox.field.themes', rec.themes.length ? themeList(rec.themes, links) : null),
    section('toolbox.field.corridors', corridorList(rec.corridors, links)),
    section('toolbox.field.routes', routeList(rec.routes, links)),
    section('toolbox.field.sources', sourceList(rec.sources)),
  );
}

function recommendation(rec, links) {
  const practices = rec.practices.length
    ? h('div', { class: 'tb-rec-practices' }, h('span', { class: 'muted' }, `${t('toolbox.strategy.practices')}: `),
      recordLinks('practice', rec.practices, links, (p) => evidenceBadge(p.evidence)))
    : null;
  const notes = rec.notes?.length
    ? h('ul', { class: 'tb-notes', 'aria-label': t('toolbox.strategy.notes') }, ...rec.notes.map((n) =>
      h('li', {}, h('time', { datetime: n.date }, formatDate(n.date)), ' ', localName(n, 'text'))))
    : null;
  return h('li', { class: 'tb-rec', 'data-code': rec.code, 'data-testid': 'recommendation' },
    h('p', { class: 'tb-rec-head' },
      h('span', { class: 'tb-code' }, rec.code), ' ',
      h('span', { class: 'tb-rec-status', 'data-status': rec.status }, label('toolbox.rec', rec.status)),
      rec.target_date ? h('span', { class: 'muted' }, ` · ${t('toolbox.strategy.target', { date: formatDate(rec.target_date) })}`) : null),
    h('p', { class: 'tb-rec-text' }, localName(rec, 'text')),
    practices,
    notes);
}

/**
 * A country's strategy: the demonstration mark, summary, sources, ranked priorities, objectives
 * with their recommendations and the practices these build on, and per objective a button for
 * the practices toolbox-api suggests (`suggest(code)` -> /v1/recommendations?objective=).
 */
export function renderStrategy(rec, links, { suggest } = {}) {
  const country = links.countryName(rec.country);
  const objectives = rec.objectives.map((o) => {
    const out = h('div', { class: 'tb-suggestions', 'data-objective': o.code });
    const button = h('button', { type: 'button', class: 'tb-suggest', 'aria-expanded': 'false' },
      t('toolbox.strategy.suggest', { objective: o.code }));
    button.addEventListener('click', async () => {
      if (button.getAttribute('aria-expanded') === 'true') {
        out.replaceChildren();
        button.setAttribute('aria-expanded', 'false');
        return;
      }
      button.disabled = true;
      try {
        const answer = await suggest(o.code);
        out.replaceChildren(h('p', { class: 'muted' }, t('toolbox.strategy.suggestions')),
          recordLinks('practice', answer.items.map((s) => ({ ...s, id: s.practice_id })), links, (s) => h('span', {},
            ' ', evidenceBadge(s.evidence), h('span', { class: 'muted' }, ` ${t('toolbox.strategy.score', { score: formatNumber(s.score) })}`),
            h('ul', { class: 'tb-reasons' }, ...s.reasons.map((r) => h('li', {}, r[getLang()] || r.en))))));
        button.setAttribute('aria-expanded', 'true');
      } catch (err) {
        out.replaceChildren(h('p', { class: 'tb-error' }, t('toolbox.failed', { error: err.message })));
      } finally {
        button.disabled = false;
      }
    });
    return h('li', { class: 'tb-objective', 'data-code': o.code, 'data-testid': 'objective' },
      h('p', { class: 'tb-objective-head' }, h('span', { class: 'tb-code' }, o.code), ' ',
        h('span', { class: 'tb-theme' }, links.themeName(o.theme))),
      h('p', { class: 'tb-objective-text' }, localName(o, 'text')),
      h('h4', {}, t('toolbox.strategy.recommendations')),
      o.recommendations.length
        ? h('ul', { class: 'tb-recs' }, ...o.recommendations.map((r) => recommendation(r, links)))
        : h('p', { class: 'muted' }, t('toolbox.strategy.noRecommendations')),
      suggest ? button : null,
      out);
  });
  return h('article', { class: 'tb-detail', 'data-type': 'strategy', 'data-country': rec.country, 'data-demonstration': String(rec.demonstration) },
    h('p', { class: 'tb-kicker' }, t('toolbox.strategyOf', { country })),
    h('h2', { class: 'tb-detail-title', 'data-testid': 'detail-title' }, localName(rec, 'title')),
    rec.demonstration
      ? h('p', { class: 'tb-demo', role: 'note', 'data-testid': 'demonstration' }, t('toolbox.strategy.demonstration'))
      : h('p', { class: 'tb-official' }, t('toolbox.strategy.official')),
    rec.adopted_year ? h('p', { class: 'muted' }, t('toolbox.strategy.adopted', { year: formatYears(rec.adopted_year, rec.adopted_year) })) : null,
    section('toolbox.field.summary', richText(rec, 'summary')),
    section('toolbox.strategy.priorities', rec.priorities.length
      ? h('ol', { class: 'tb-priorities' }, ...[...rec.priorities].sort((a, b) => a.rank - b.rank).map((p) =>
        h('li', { 'data-rank': p.rank, 'data-theme': p.theme }, localName(p, 'text'), ' ', h('span', { class: 'muted' }, `(${links.themeName(p.theme)})`))))
      : null),
    section('toolbox.strategy.objectives', rec.objectives.length ? h('ol', { class: 'tb-objectives' }, ...objectives) : null),
    section('toolbox.field.sources', sourceList(rec.sources)),
  );
}
