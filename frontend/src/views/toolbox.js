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
import { formatHash } from '../hash.js';
import { hoverInfo as baseHover } from '../hover.js';
import { compareText, getLang, localName, t } from '../i18n.js';
import { renderInitiative, renderPractice, renderStrategy } from './toolbox-detail.js';
import { addHitsLayer, detailRoles, drawHits, removeHitsLayer, renderLegend, roleLabel } from './toolbox-map.js';
import {
  SORTS, countryCounts, emptyState, formatItem, formatParams, parseParams, searchQuery, toggleFilter,
} from './toolbox-model.js';
import { renderFacets, renderHit, renderPager } from './toolbox-results.js';

const API = '/api/toolbox';
const enc = encodeURIComponent;

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
    const find = (...selectors) => () => selectors.map((sel) => root.querySelector(sel)).find(Boolean);
    if (el.dataset?.facet) return find(`input[data-facet="${el.dataset.facet}"][data-value="${CSS.escape(el.dataset.value)}"]`);
    // A pager button that became disabled (first or last page) hands the focus to the other.
    if (el.classList.contains('tb-prev')) return find('.tb-prev:not(:disabled)', '.tb-next');
    if (el.classList.contains('tb-next')) return find('.tb-next:not(:disabled)', '.tb-prev');
    if (el.id === 'tb-role') return find('#tb-role');
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
    list.replaceChildren(...result.items.map((hit) => {
      const li = renderHit(hit, links);
      // Pointing at a result shows its own countries on the map until the pointer leaves it.
      const shown = () => !root.hidden && !state.item;
      li.addEventListener('mouseenter', () => {
        if (shown()) drawHits(map, { roles: new Map(hit.countries.map((c) => [c, 'preview'])) });
      });
      li.addEventListener('mouseleave', () => { if (shown()) drawMap(); });
      return li;
    }));
    list.start = result.offset + 1;
    if (returnTo) {
      list.querySelector(`li[data-type="${returnTo.type}"][data-slug="${CSS.escape(returnTo.key)}"] a`)?.focus();
      returnTo = null;
    }
    renderFacets(facetsBox, {
      facets: result.facets ?? {},
      state,
      expanded,
      links,
      onToggle: (key, value, on) => change(toggleFilter(state, key, value, on)),
      onRole: (role) => change({ ...state, role, page: 1, item: null }),
    });
    renderPager(pager, { total: result.total, page: state.page, onPage: (page) => change({ ...state, page, item: null }) });
    refocus?.()?.focus();
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
  const strategyCountry = () => (detail?.item.type === 'strategy' && detail.record ? ctx.countryName(detail.record.country) : null);

  function drawMap() {
    const roles = state.item ? detailRoles(detail) : null;
    const selected = detail?.item.type === 'strategy' && detail.record ? detail.record.country : null;
    drawHits(map, { counts, roles, selected });
    renderLegend(legend, { counts, roles, strategyCountry: strategyCountry() });
    // The legend goes with the pane shown: under the total, or under the link back.
    if (state.item) back.after(legend);
    else total.after(legend);
  }

  // --- the view's interface ------------------------------------------------------------------------
  return {
    async enter(params) {
      state = parseParams(params);
      message.hidden = true;
      input.value = state.q;
      ctx.setStatus(null); // the start-up's "Loading…" when the page opened on this view
      addHitsLayer(map);
      await show();
    },
    leave() {
      seq++;
      removeHitsLayer(map);
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
      const roles = state.item ? detailRoles(detail) : null;
      if (roles) {
        if (roles.has(iso3)) info.lines.unshift(roleLabel(roles.get(iso3), strategyCountry()));
      } else {
        info.lines.unshift(counts.get(iso3) ? t('toolbox.map.hover', { n: counts.get(iso3) }) : t('toolbox.map.hoverNone'));
      }
      if (strategies.has(iso3)) info.lines.push(t('toolbox.strategy.open', { country: ctx.countryName(iso3) }));
      return info;
    },
  };
}

export default { id: 'toolbox', label: 'nav.toolbox', create };
