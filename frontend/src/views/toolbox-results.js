/**
 * The toolbox view's search answer as DOM (text only): a hit with its highlighted snippet, the
 * facets as disclosures of checkboxes with counts, the role select and the pager.
 */
import { h } from '../dom.js';
import { formatNumber, formatYears } from '../format.js';
import { getLang, groupName, localName, t } from '../i18n.js';
import { evidenceBadge } from './toolbox-detail.js';
import { FACETS, PAGE_SIZE, ROLES, isSelected, pageCount, snippetParts } from './toolbox-model.js';

const FACET_SHOWN = 8; // values shown before "Show n more"
const wide = () => typeof window.matchMedia !== 'function' || window.matchMedia('(min-width: 641px)').matches;

/** A facet value's name: codes by the view's messages, countries, groups and themes by their names. */
export function facetLabel(facet, fv, links) {
  switch (facet) {
    case 'type': return t(`toolbox.type.${fv.value}`);
    case 'country': return links.countryName(fv.value);
    case 'group': return getLang() === 'ru' ? (fv.name_ru || groupName(fv.value)) : (fv.name_en || fv.value);
    case 'theme': return localName(fv) || links.themeName(fv.value);
    case 'kind': return t(`toolbox.kind.${fv.value}`);
    case 'implementation_status': return t(`toolbox.status.${fv.value}`);
    case 'evidence': return t(`toolbox.evidence.${fv.value}`);
    case 'period': return t('toolbox.period.decade', { decade: fv.value.replace(/s$/, '') });
    default: return fv.value;
  }
}

/** One result: its title linked to its page, type and facts, the snippet (text and <mark>), countries. */
export function renderHit(hit, links) {
  const snippet = h('p', { class: 'tb-snippet', lang: hit.snippet_lang });
  for (const part of snippetParts(hit.snippet)) {
    snippet.append(part.mark ? h('mark', {}, part.text) : document.createTextNode(part.text));
  }
  const meta = [t(`toolbox.type.${hit.type}`)];
  if (hit.kind) meta.push(t(`toolbox.kind.${hit.kind}`));
  if (hit.implementation_status) meta.push(t(`toolbox.status.${hit.implementation_status}`));
  const years = formatYears(hit.start_year, hit.end_year);
  if (years) meta.push(years);
  const names = hit.countries.slice(0, 6).map(links.countryName);
  if (hit.countries.length > 6) names.push(t('toolbox.countriesMore', { n: formatNumber(hit.countries.length - 6) }));
  return h('li', { class: 'tb-hit', 'data-type': hit.type, 'data-slug': hit.slug, 'data-id': hit.id },
    h('a', { class: 'tb-hit-title', href: links.href({ type: hit.type, key: hit.slug }) }, localName(hit, 'title')),
    h('p', { class: 'tb-meta' }, meta.join(' · '), hit.evidence ? ' · ' : null, hit.evidence ? evidenceBadge(hit.evidence) : null),
    hit.snippet ? snippet : null,
    names.length ? h('p', { class: 'tb-countries muted' }, names.join(', ')) : null);
}

function roleSelect(state, onRole) {
  const select = h('select', { id: 'tb-role', name: 'role' },
    h('option', { value: '' }, t('toolbox.role.any')),
    ...ROLES.map((r) => h('option', { value: r }, t(`toolbox.role.${r}`))));
  select.value = state.role ?? '';
  select.addEventListener('change', () => onRole(select.value || null));
  return h('div', { class: 'tb-field tb-role' }, h('label', { for: 'tb-role' }, t('toolbox.role.label')), select);
}

/**
 * Every facet of the answer as a <details> of checkboxes with the API's counts (8 shown, the rest
 * behind "Show n more"); a chosen value the answer no longer counts stays listed at 0 so that it
 * can be unchecked. Disclosures keep their open state across redraws.
 *
 * @param {HTMLElement} box
 * @param {{facets: object, state: object, expanded: Set<string>, links: object,
 *   onToggle: (key: string, value: string, on: boolean) => void, onRole: (role: string|null) => void}} options
 */
export function renderFacets(box, options) {
  const { facets = {}, state, expanded, links, onToggle, onRole } = options;
  const boxes = [];
  for (const { facet, key } of FACETS) {
    if (!facets[facet]) continue;
    const listed = new Set(facets[facet].map((fv) => fv.value));
    const missing = (state.filters[key] ?? []).filter((v) => !listed.has(v));
    const values = [...facets[facet], ...missing.map((value) => ({ value, count: 0, selected: true }))];
    const chosen = values.filter((fv) => isSelected(state, key, fv)).length;
    const all = expanded.has(facet);
    const shown = all ? values : values.filter((fv, i) => i < FACET_SHOWN || isSelected(state, key, fv));
    const items = shown.map((fv, i) => {
      const id = `tb-f-${key}-${i}`;
      const input = h('input', { type: 'checkbox', id, 'data-facet': key, 'data-value': fv.value });
      input.checked = isSelected(state, key, fv);
      input.addEventListener('change', () => onToggle(key, fv.value, input.checked));
      return h('li', { 'data-value': fv.value, 'data-count': fv.count }, input,
        h('label', { for: id }, facetLabel(facet, fv, links), ' ', h('span', { class: 'tb-count' }, `(${formatNumber(fv.count)})`)));
    });
    const more = values.length > FACET_SHOWN
      ? h('button', { type: 'button', class: 'tb-more', 'aria-expanded': String(all) },
        all ? t('toolbox.facet.less') : t('toolbox.facet.more', { n: formatNumber(values.length - FACET_SHOWN) }))
      : null;
    more?.addEventListener('click', () => {
      if (all) expanded.delete(facet); else expanded.add(facet);
      renderFacets(box, options);
      box.querySelector(`details[data-facet="${facet}"] .tb-more`)?.focus();
    });
    const details = h('details', { class: 'tb-facet', 'data-facet': facet },
      h('summary', {}, t(`toolbox.facet.${facet}`), chosen ? h('span', { class: 'tb-chosen' }, ` · ${formatNumber(chosen)}`) : null),
      values.length ? h('ul', {}, ...items) : h('p', { class: 'muted' }, t('toolbox.facet.empty')),
      more);
    const wasOpen = box.querySelector(`details[data-facet="${facet}"]`)?.open;
    // Open at first: what is chosen, and on a wide screen the type and theme lists.
    details.open = wasOpen ?? (chosen > 0 || (wide() && (facet === 'type' || facet === 'theme')));
    if (facet === 'country' && state.filters.country.length) details.append(roleSelect(state, onRole));
    boxes.push(details);
  }
  box.replaceChildren(...boxes);
}

/** ‹ Page n of m ›, or nothing for a single page. */
export function renderPager(pager, { total, page, onPage }) {
  const pages = pageCount(total, PAGE_SIZE);
  if (pages <= 1) {
    pager.replaceChildren();
    return;
  }
  const prev = h('button', { type: 'button', class: 'tb-prev', 'aria-label': t('toolbox.page.prev') }, '‹');
  const next = h('button', { type: 'button', class: 'tb-next', 'aria-label': t('toolbox.page.next') }, '›');
  prev.disabled = page <= 1;
  next.disabled = page >= pages;
  prev.addEventListener('click', () => onPage(page - 1));
  next.addEventListener('click', () => onPage(page + 1));
  pager.replaceChildren(prev, h('span', { class: 'tb-page', 'data-page': page, 'data-pages': pages },
    t('toolbox.page', { page: formatNumber(page), pages: formatNumber(pages) })), next);
}
