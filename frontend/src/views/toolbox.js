/**
 * The toolbox view: search over toolbox-api's initiatives and practices (words, facets with
 * counts as checkboxes, sort, pages), the result set on the map (the countries taking part,
 * darker for more results), detail pages of an initiative and a practice, and a country's
 * strategy page (objectives, recommendations, the practices they build on). A click on a country
 * opens its strategy if it has one, else filters the search by it.
 *
 * Everything is in the hash (see ./toolbox-model.js): #view=toolbox&q=...&theme=...&item=...; a
 * user's change pushes a history entry (ctx.changed()), links inside the view are plain hash
 * links, and enter(params) restores any of them, so back/forward work.
 */
import './toolbox.messages.js';
import './toolbox.css';
import { fetchThemes, getAllItems, getJSON } from '../api.js';
import { h } from '../dom.js';
import { formatNumber, formatYears } from '../format.js';
import { formatHash } from '../hash.js';
import { hoverInfo as baseHover } from '../hover.js';
import { compareText, getLang, groupName, localName, t } from '../i18n.js';
import { setSelected } from '../map.js';
import { LAYERS, SOURCE } from '../style.js';
import { evidenceBadge, renderInitiative, renderPractice, renderStrategy } from './toolbox-detail.js';
import {
  FACETS, PAGE_SIZE, ROLES, ROLE_COLOURS, SORTS, countryCounts, countryRoles, emptyState, formatItem,
  formatParams, hitClasses, hitFillExpression, isSelected, pageCount, parseParams, searchQuery,
  snippetParts, toggleFilter,
} from './toolbox-model.js';

const API = '/api/toolbox';
const LAYER = 'toolbox-hits';
const FACET_SHOWN = 8; // values shown before "Show n more"
const enc = encodeURIComponent;
const wide = () => typeof window.matchMedia !== 'function' || window.matchMedia('(min-width: 641px)').matches;

function create(ctx) {
  const { map, root } = ctx;
  let state = emptyState();
  let result = null; // the last search answer
  let resultKey = null; // its query string (and language)
  let counts = new Map(); // iso3 -> number of results it takes part in (the whole result set)
  let detail = null; // {item, record} of the detail shown
  let seq = 0;
  let themes = new Map();
  let strategies = new Map(); // iso3 -> strategy summary
  let routes = new Map(); // map-api route slug -> {name_en, name_ru}
  let meta = null;
  const ids = new Map(); // 'initiative:slug' -> id, learnt from every answer
  const expanded = new Set(); // facets showing all their values
  let returnTo = null; // the item whose page was left: its result gets the focus

  // --- the fixed skeleton ------------------------------------------------------------------------
  const title = h('h2', {});
  const intro = h('p', { class: 'muted tb-intro' });
  const input = h('input', { type: 'search', id: 'tb-q', name: 'q', maxlength: '200', autocomplete: 'off' });
  const qLabel = h('label', { for: 'tb-q' });
  const submit = h('button', { type: 'submit', class: 'toggle' });
  const form = h('form', { class: 'tb-search', role: 'search' }, qLabel, h('div', { class: 'tb-search-row' }, input, submit));
  const sortLabel = h('label', { for: 'tb-sort' });
  const sort = h('select', { id: 'tb-sort', name: 'sort' });
  const clear = h('button', { type: 'button', class: 'tb-clear' });
  const facetsBox = h('div', { class: 'tb-facets', id: 'tb-facets' });
  const facetsHeading = h('h3', { id: 'tb-facets-heading' });
  const total = h('p', { class: 'tb-total', 'data-testid': 'total', 'aria-live': 'polite' });
  const list = h('ol', { class: 'tb-results', 'aria-labelledby': 'tb-results-heading' });
  const resultsHeading = h('h3', { id: 'tb-results-heading', class: 'visually-hidden' });
  const pager = h('nav', { class: 'tb-pager' });
  const legend = h('div', { class: 'tb-legend', 'data-testid': 'toolbox-legend' });
  const hint = h('p', { class: 'muted tb-hint' });
  const strategiesHeading = h('h3', { id: 'tb-strategies-heading' });
  const strategyList = h('ul', { class: 'tb-inline tb-strategy-list' });
  const message = h('p', { class: 'tb-message', role: 'status' });
  const searchPane = h('div', { class: 'tb-search-pane' },
    title, intro, form,
    h('div', { class: 'tb-tools' }, h('div', { class: 'tb-field' }, sortLabel, sort), clear),
    message, total, legend,
    h('section', { class: 'tb-facets-wrap', 'aria-labelledby': 'tb-facets-heading' }, facetsHeading, facetsBox),
    h('section', { class: 'tb-results-wrap' }, resultsHeading, list, pager),
    h('section', { class: 'tb-strategies', 'aria-labelledby': 'tb-strategies-heading' }, strategiesHeading, hint, strategyList));
  const back = h('a', { class: 'tb-back', href: '#' });
  const detailBody = h('div', { class: 'tb-detail-body' });
  const detailPane = h('div', { class: 'tb-detail-pane', tabindex: '-1' }, back, detailBody);
  detailPane.hidden = true;
  root.append(searchPane, detailPane);

  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const q = input.value.trim().slice(0, 200);
    if (q === state.q && !state.item && state.page === 1) return;
    change({ ...state, q, page: 1, item: null });
  });
  sort.addEventListener('change', () => change({ ...state, sort: sort.value, page: 1, item: null }));
  clear.addEventListener('click', () => {
    input.value = '';
    change(emptyState());
  });

  // --- links, names ------------------------------------------------------------------------------
  const hrefOf = (next) => formatHash({ lang: getLang(), view: 'toolbox', params: formatParams(next) });
  const links = {
    href: (item) => hrefOf({ ...state, item }),
    countryHref: (iso3) => hrefOf({ ...emptyState(), filters: { ...emptyState().filters, country: [iso3] } }),
    countryName: (iso3) => ctx.countryName(iso3),
    themeName: (code) => (themes.has(code) ? localName(themes.get(code)) : code),
    routeName: (slug) => (routes.has(slug) ? localName(routes.get(slug)) || slug : slug),
    learn: (type, ref) => { if (ref?.slug && ref.id) ids.set(`${type}:${ref.slug}`, ref.id); },
  };

  function facetLabel(facet, fv) {
    switch (facet) {
      case 'type': return t(`toolbox.type.${fv.value}`);
      case 'country': return ctx.countryName(fv.value);
      case 'group': return getLang() === 'ru' ? (fv.name_ru || groupName(fv.value)) : (fv.name_en || fv.value);
      case 'theme': return localName(fv) || links.themeName(fv.value);
      case 'kind': return t(`toolbox.kind.${fv.value}`);
      case 'implementation_status': return t(`toolbox.status.${fv.value}`);
      case 'evidence': return t(`toolbox.evidence.${fv.value}`);
      case 'period': return t('toolbox.period.decade', { decade: fv.value.replace(/s$/, '') });
      default: return fv.value;
    }
  }

  // --- state changes -------------------------------------------------------------------------------
  /** A user's change: the new state in the URL (a history entry), then shown. */
  function change(next) {
    state = next;
    message.hidden = true;
    input.value = state.q;
    ctx.changed();
    return show();
  }

  async function loadMeta() {
    meta ??= Promise.all([
      fetchThemes().then((items) => { themes = new Map(items.map((x) => [x.code, x])); }),
      getAllItems(`${API}/v1/strategies?limit=100`).then((items) => {
        strategies = new Map(items.map((s) => [s.country, s]));
      }),
      // Route names only label the detail pages: without map-api the slugs are shown.
      getJSON('/api/map/v1/collections/routes/items?limit=100&properties=slug,name,name_ru').then((fc) => {
        routes = new Map(fc.features.map((f) => [f.properties.slug ?? f.id, { name_en: f.properties.name, name_ru: f.properties.name_ru }]));
      }).catch(() => {}),
    ]).catch((err) => { meta = null; throw err; });
    return meta;
  }

  /** Shows the state: the search (fetched when its query changed) and the detail named by `item`. */
  async function show() {
    const mine = ++seq;
    root.dataset.state = 'loading';
    fillStatic();
    try {
      await loadMeta();
      fillStrategies();
      if (state.item?.type === 'strategy' && !strategies.has(state.item.key)) {
        // A country without a strategy (an old link): its initiatives and practices instead.
        const iso3 = state.item.key;
        state = toggleFilter({ ...emptyState(), q: state.q }, 'country', iso3, true);
        ctx.changed({ push: false });
        message.textContent = t('toolbox.strategy.none', { country: ctx.countryName(iso3) });
        message.hidden = false;
      }
      if (state.item) await showItem(mine);
      else showSearchPane();
      await runSearch(mine);
    } catch (err) {
      if (mine !== seq) return;
      message.textContent = t('toolbox.failed', { error: err.message });
      message.hidden = false;
    }
    if (mine !== seq) return;
    drawMap();
    root.dataset.lang = getLang();
    root.dataset.state = 'ready';
  }

  async function runSearch(mine) {
    const query = searchQuery(state, { lang: getLang() });
    if (query === resultKey && result) {
      if (!state.item) renderResults();
      return;
    }
    total.textContent = t('toolbox.loading');
    const answer = await getJSON(`${API}/v1/search?${query}`);
    let all = null;
    if (state.filters.country.length && answer.total > answer.items.length) {
      // The country facet counts without the country filter: count the result set's countries
      // from its hits instead (up to 1,000).
      all = await getJSON(`${API}/v1/search?${searchQuery(state, { lang: getLang(), limit: 1000, offset: 0, facets: false })}`);
    }
    if (mine !== seq) return;
    result = answer;
    resultKey = query;
    for (const hit of answer.items) links.learn(hit.type, hit);
    if (all) counts = countryCounts(all.items);
    else if (state.filters.country.length || !answer.facets?.country) counts = countryCounts(answer.items);
    else counts = new Map(answer.facets.country.map((fv) => [fv.value, fv.count]));
    if (!state.item) renderResults();
  }

  async function resolve(item) {
    if (item.type === 'strategy') return item.key;
    const key = `${item.type}:${item.key}`;
    if (ids.has(key)) return ids.get(key);
    if (/^\d+$/.test(item.key)) return Number(item.key);
    // A link from elsewhere: the records' list once, to learn every slug's id.
    const items = await getAllItems(`${API}/v1/${item.type}s?limit=1000`);
    for (const rec of items) links.learn(item.type, rec);
    return ids.get(key) ?? null;
  }

  async function showItem(mine) {
    const item = state.item;
    searchPane.hidden = true;
    detailPane.hidden = false;
    if (root.parentElement) root.parentElement.scrollTop = 0;
    back.href = hrefOf({ ...state, item: null });
    if (detail && formatItem(detail.item) === formatItem(item)) {
      renderDetail();
      return;
    }
    detailPane.dataset.item = formatItem(item);
    detailPane.dataset.state = 'loading';
    detailBody.replaceChildren(h('p', { class: 'muted' }, t('toolbox.detail.loading')));
    let record = null;
    try {
      const id = await resolve(item);
      if (id !== null) record = await getJSON(`${API}/v1/${item.type === 'strategy' ? 'strategies' : `${item.type}s`}/${enc(id)}`);
    } catch (err) {
      if (err.status !== 404) throw err;
    }
    if (mine !== seq) return;
    detail = { item, record };
    renderDetail();
    detailPane.focus({ preventScroll: true });
  }

  function showSearchPane() {
    const was = detail?.item;
    detail = null;
    searchPane.hidden = false;
    detailPane.hidden = true;
    setSelected(map, null);
    // Back from a detail page: the focus goes to the result it was opened from.
    if (was) returnTo = was;
  }

  // --- drawing ------------------------------------------------------------------------------------
  function fillStatic() {
    title.textContent = t('toolbox.title');
    intro.textContent = t('toolbox.intro');
    qLabel.textContent = t('toolbox.search.label');
    input.placeholder = t('toolbox.search.placeholder');
    submit.textContent = t('toolbox.search.submit');
    sortLabel.textContent = t('toolbox.sort.label');
    sort.replaceChildren(...SORTS.map((s) => h('option', { value: s }, t(`toolbox.sort.${s}`))));
    sort.value = state.sort;
    clear.textContent = t('toolbox.search.clear');
    facetsHeading.textContent = t('toolbox.filters');
    resultsHeading.textContent = t('toolbox.results');
    hint.textContent = t('toolbox.map.hint');
    strategiesHeading.textContent = t('toolbox.strategies');
    back.textContent = t('toolbox.back');
    pager.setAttribute('aria-label', t('toolbox.paging'));
  }

  /** The keyboard's and the list's way to what a click on the map opens. */
  function fillStrategies() {
    strategyList.replaceChildren(...[...strategies.keys()]
      .sort((a, b) => compareText(ctx.countryName(a), ctx.countryName(b)))
      .map((iso3) => h('li', { 'data-iso3': iso3 }, h('a', { href: links.href({ type: 'strategy', key: iso3 }) }, ctx.countryName(iso3)))));
  }

  /** Which control of the list had the focus (facet checkbox, pager button), to give it back. */
  function focused() {
    const el = document.activeElement;
    if (!el || !root.contains(el)) return null;
    if (el.dataset?.facet) return `input[data-facet="${el.dataset.facet}"][data-value="${CSS.escape(el.dataset.value)}"]`;
    if (el.classList.contains('tb-prev')) return '.tb-prev:not(:disabled), .tb-next';
    if (el.classList.contains('tb-next')) return '.tb-next:not(:disabled), .tb-prev';
    if (el.id === 'tb-role') return '#tb-role';
    return null;
  }

  function renderResults() {
    if (!result) return;
    const refocus = focused();
    root.dataset.total = String(result.total);
    total.textContent = result.total ? t('toolbox.total', { n: result.total }) : t('toolbox.total.none');
    total.dataset.total = String(result.total);
    if (result.degraded) {
      message.textContent = t('toolbox.degraded', { notes: result.notes.join(' ') });
      message.hidden = false;
    }
    list.replaceChildren(...result.items.map(renderHit));
    list.start = result.offset + 1;
    if (returnTo) {
      list.querySelector(`li[data-type="${returnTo.type}"][data-slug="${CSS.escape(returnTo.key)}"] a`)?.focus();
      returnTo = null;
    }
    renderFacets();
    renderPager();
    if (refocus) root.querySelector(refocus)?.focus();
  }

  function renderHit(hit) {
    const snippet = h('p', { class: 'tb-snippet', lang: hit.snippet_lang });
    for (const part of snippetParts(hit.snippet)) snippet.append(part.mark ? h('mark', {}, part.text) : document.createTextNode(part.text));
    const meta = [t(`toolbox.type.${hit.type}`)];
    if (hit.kind) meta.push(t(`toolbox.kind.${hit.kind}`));
    if (hit.implementation_status) meta.push(t(`toolbox.status.${hit.implementation_status}`));
    const years = formatYears(hit.start_year, hit.end_year);
    if (years) meta.push(years);
    const names = hit.countries.slice(0, 6).map(ctx.countryName);
    if (hit.countries.length > 6) names.push(t('toolbox.countriesMore', { n: formatNumber(hit.countries.length - 6) }));
    return h('li', { class: 'tb-hit', 'data-type': hit.type, 'data-slug': hit.slug, 'data-id': hit.id },
      h('a', { class: 'tb-hit-title', href: links.href({ type: hit.type, key: hit.slug }) }, localName(hit, 'title')),
      h('p', { class: 'tb-meta' }, meta.join(' · '), hit.evidence ? ' · ' : null, hit.evidence ? evidenceBadge(hit.evidence) : null),
      hit.snippet ? snippet : null,
      names.length ? h('p', { class: 'tb-countries muted' }, names.join(', ')) : null);
  }

  function renderFacets() {
    const facets = result.facets ?? {};
    const boxes = [];
    for (const { facet, key } of FACETS) {
      if (!facets[facet]) continue;
      // A chosen value the answer no longer counts (0 results) stays listed, to be unchecked.
      const listed = new Set(facets[facet].map((fv) => fv.value));
      const missing = (state.filters[key] ?? []).filter((v) => !listed.has(v));
      const values = [...facets[facet], ...missing.map((value) => ({ value, count: 0, selected: true }))];
      const chosen = values.filter((fv) => isSelected(state, key, fv)).length;
      const all = expanded.has(facet);
      const shown = all ? values : values.filter((fv, i) => i < FACET_SHOWN || isSelected(state, key, fv));
      const items = shown.map((fv, i) => {
        const id = `tb-f-${key}-${i}`;
        const box = h('input', { type: 'checkbox', id, 'data-facet': key, 'data-value': fv.value });
        box.checked = isSelected(state, key, fv);
        box.addEventListener('change', () => change(toggleFilter(state, key, fv.value, box.checked)));
        return h('li', { 'data-value': fv.value, 'data-count': fv.count }, box,
          h('label', { for: id }, facetLabel(facet, fv), ' ', h('span', { class: 'tb-count' }, `(${formatNumber(fv.count)})`)));
      });
      const more = values.length > FACET_SHOWN
        ? h('button', { type: 'button', class: 'tb-more', 'aria-expanded': String(all) },
          all ? t('toolbox.facet.less') : t('toolbox.facet.more', { n: formatNumber(values.length - FACET_SHOWN) }))
        : null;
      more?.addEventListener('click', () => {
        if (all) expanded.delete(facet); else expanded.add(facet);
        renderFacets();
        facetsBox.querySelector(`details[data-facet="${facet}"] .tb-more`)?.focus();
      });
      const details = h('details', { class: 'tb-facet', 'data-facet': facet },
        h('summary', {}, t(`toolbox.facet.${facet}`), chosen ? h('span', { class: 'tb-chosen' }, ` · ${formatNumber(chosen)}`) : null),
        values.length ? h('ul', {}, ...items) : h('p', { class: 'muted' }, t('toolbox.facet.empty')),
        more);
      const wasOpen = facetsBox.querySelector(`details[data-facet="${facet}"]`)?.open;
      // Open at first: what is chosen, and on a wide screen the type and theme lists.
      details.open = wasOpen ?? (chosen > 0 || (wide() && (facet === 'type' || facet === 'theme')));
      if (facet === 'country' && state.filters.country.length) details.append(roleSelect());
      boxes.push(details);
    }
    facetsBox.replaceChildren(...boxes);
  }

  function roleSelect() {
    const select = h('select', { id: 'tb-role', name: 'role' },
      h('option', { value: '' }, t('toolbox.role.any')),
      ...ROLES.map((r) => h('option', { value: r }, t(`toolbox.role.${r}`))));
    select.value = state.role ?? '';
    select.addEventListener('change', () => change({ ...state, role: select.value || null, page: 1, item: null }));
    return h('div', { class: 'tb-field tb-role' }, h('label', { for: 'tb-role' }, t('toolbox.role.label')), select);
  }

  function renderPager() {
    const pages = pageCount(result.total, PAGE_SIZE);
    if (pages <= 1) {
      pager.replaceChildren();
      return;
    }
    const go = (page) => change({ ...state, page, item: null });
    const prev = h('button', { type: 'button', class: 'tb-prev', 'aria-label': t('toolbox.page.prev') }, '‹');
    const next = h('button', { type: 'button', class: 'tb-next', 'aria-label': t('toolbox.page.next') }, '›');
    prev.disabled = state.page <= 1;
    next.disabled = state.page >= pages;
    prev.addEventListener('click', () => go(state.page - 1));
    next.addEventListener('click', () => go(state.page + 1));
    pager.replaceChildren(prev, h('span', { class: 'tb-page', 'data-page': state.page, 'data-pages': pages },
      t('toolbox.page', { page: formatNumber(state.page), pages: formatNumber(pages) })), next);
  }

  function renderDetail() {
    const { item, record } = detail;
    detailPane.dataset.item = formatItem(item);
    if (!record) {
      detailBody.replaceChildren(h('p', { class: 'tb-error' }, t('toolbox.detail.notFound', { item: formatItem(item) })));
    } else if (item.type === 'initiative') {
      detailBody.replaceChildren(renderInitiative(record, links));
    } else if (item.type === 'practice') {
      detailBody.replaceChildren(renderPractice(record, links));
    } else {
      detailBody.replaceChildren(renderStrategy(record, links, {
        suggest: (objective) => getJSON(`${API}/v1/recommendations?objective=${enc(objective)}&limit=10`),
      }));
    }
    detailPane.dataset.lang = getLang();
    detailPane.dataset.state = 'ready';
  }

  // --- the map ------------------------------------------------------------------------------------
  function addLayer() {
    if (map.getLayer(LAYER)) return;
    map.addLayer({
      id: LAYER,
      type: 'fill',
      source: SOURCE,
      'source-layer': 'countries',
      paint: { 'fill-color': 'rgba(0, 0, 0, 0)', 'fill-opacity': 0.85 },
    }, map.getLayer(LAYERS.line) ? LAYERS.line : undefined);
  }

  /** Roles on a detail page: an initiative's countries by role; a practice's and a strategy's. */
  function detailRoles() {
    const record = detail?.record;
    if (!record) return null;
    if (detail.item.type === 'initiative') return countryRoles(record.countries);
    if (detail.item.type === 'practice') return new Map(record.countries.map((c) => [c, 'applied']));
    const roles = new Map();
    for (const o of record.objectives) {
      for (const r of o.recommendations) for (const p of r.practices) for (const c of p.countries) roles.set(c, 'applied');
    }
    roles.set(record.country, 'strategy');
    return roles;
  }

  function drawMap() {
    addLayer();
    const roles = state.item ? detailRoles() : null;
    map.setPaintProperty(LAYER, 'fill-color', hitFillExpression(roles ? { roles } : { counts }));
    setSelected(map, detail?.item.type === 'strategy' && detail.record ? detail.record.country : null);
    renderLegend(roles);
  }

  function renderLegend(roles) {
    const swatch = (colour) => h('span', { class: 'tb-swatch', style: `background:${colour}`, 'aria-hidden': 'true' });
    if (roles) {
      const kinds = [...new Set(roles.values())];
      legend.replaceChildren(h('p', { class: 'tb-legend-title' }, t('toolbox.map.legendDetail')),
        h('ul', {}, ...kinds.map((k) => h('li', { 'data-role': k }, swatch(ROLE_COLOURS[k]), legendLabel(k)))));
      legend.dataset.mode = 'detail';
    } else {
      const classes = hitClasses(counts);
      legend.replaceChildren(h('p', { class: 'tb-legend-title' }, t('toolbox.map.legend')),
        h('ul', {}, ...classes.map((c, i) => h('li', { 'data-class': i, 'data-min': c.min, 'data-max': c.max }, swatch(c.colour), t('toolbox.map.class', { min: c.min, max: c.max })))));
      legend.dataset.mode = 'results';
      legend.dataset.countries = String(counts.size);
    }
    legend.hidden = false;
  }

  const legendLabel = (kind) => ({
    implementer: t('toolbox.field.implementers'),
    partner: t('toolbox.field.partners'),
    applied: t('toolbox.field.countries'),
    strategy: t('toolbox.strategyOf', { country: ctx.countryName(detail.record.country) }),
  })[kind];

  // --- the view's interface ------------------------------------------------------------------------
  return {
    async enter(params) {
      state = parseParams(params);
      message.hidden = true;
      input.value = state.q;
      ctx.setStatus(null); // the start-up's "Loading…" when the page opened on this view
      addLayer();
      await show();
    },
    leave() {
      seq++;
      if (map.getLayer(LAYER)) map.removeLayer(LAYER);
      setSelected(map, null);
    },
    relabel() {
      // Titles, names and numbers are redrawn in the new language; without words the snippets
      // come in the interface's language, so that search is asked again.
      show();
    },
    params: () => formatParams(state),
    onCountryClick(iso3) {
      if (strategies.has(iso3)) {
        return change({ ...state, item: { type: 'strategy', key: iso3 } });
      }
      const base = { ...state, item: null };
      return change(toggleFilter({ ...base, filters: { ...base.filters, country: [] }, role: null }, 'country', iso3, true));
    },
    hoverInfo(hit) {
      const info = baseHover(hit, { mode: 'group', values: new Map(), countryName: ctx.countryName });
      if (hit.kind !== 'country' || hit.properties.role !== 'scope') return info;
      const iso3 = hit.properties.iso3;
      const roles = state.item ? detailRoles() : null;
      if (roles) {
        if (roles.has(iso3)) info.lines.unshift(legendLabel(roles.get(iso3)));
      } else {
        info.lines.unshift(counts.get(iso3) ? t('toolbox.map.hover', { n: counts.get(iso3) }) : t('toolbox.map.hoverNone'));
      }
      if (strategies.has(iso3)) info.lines.push(t('toolbox.strategy.open', { country: ctx.countryName(iso3) }));
      return info;
    },
  };
}

export default { id: 'toolbox', label: 'nav.toolbox', create };
