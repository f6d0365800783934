/** Calls to the gateway. Every URL is relative to the page origin: the client talks to nothing else. */

export class ApiError extends Error {
  constructor(status, title, detail) {
    super(detail ? `${title}: ${detail}` : title);
    this.status = status;
  }
}

/** Keeps only path and query, so a `links.next` given as an absolute URL still goes to our origin. */
function local(url) {
  const u = new URL(url, window.location.href);
  return `${u.pathname}${u.search}`;
}

export async function getJSON(url, { signal } = {}) {
  const res = await fetch(local(url), { signal, headers: { Accept: 'application/json' } });
  if (!res.ok) {
    // Problem details (RFC 9457) when the services send them; the status line otherwise.
    const body = await res.json().catch(() => null);
    throw new ApiError(res.status, body?.title ?? `HTTP ${res.status}`, body?.detail ?? url);
  }
  return res.json();
}

/** All items of a paged endpoint, following `links.next`. */
export async function getAllItems(url, options) {
  const items = [];
  let next = url;
  for (let guard = 0; next && guard < 100; guard++) {
    const page = await getJSON(next, options);
    items.push(...(page.items ?? []));
    next = page.links?.next ?? null;
  }
  return items;
}

const enc = encodeURIComponent;

/** The Prague Process states (iso3, name_en, name_ru, pp_group, ...): the map's scope. */
export const fetchScopeCountries = (options) => getAllItems('/api/profiles/v1/countries?limit=100', options);

export const fetchIndicators = (options) => getAllItems('/api/profiles/v1/indicators?limit=100', options);

/** Observations of one indicator in one year, as a Map iso3 -> value (optionally for some countries). */
export async function fetchObservations(code, year, { countries = [], ...options } = {}) {
  const query = new URLSearchParams({ year: String(year), frequency: 'A', limit: '1000' });
  for (const c of countries) query.append('country', c);
  const items = await getAllItems(`/api/profiles/v1/indicators/${enc(code)}/observations?${query}`, options);
  // Yearly values only: a series published by month or quarter has its year total elsewhere.
  const yearly = items.filter((o) => o.value !== null && (o.period ?? String(year)) === String(year));
  return new Map(yearly.map((o) => [o.country_iso3, o.value]));
}

export const fetchCountry = (iso3, options) => getJSON(`/api/profiles/v1/countries/${enc(iso3)}`, options);

export const fetchInitiatives = (iso3, options) =>
  getJSON(`/api/toolbox/v1/initiatives?country=${enc(iso3)}&limit=50`, options);

/** The Action Plan's thematic areas (code, name_en, name_ru): the initiatives' themes by name. */
export const fetchThemes = (options) => getAllItems('/api/toolbox/v1/themes', options);

// --- the country panel ---------------------------------------------------------------------------
/** A country's assembled Extended Migration Profile (edition, parts A-G, key indicators, shortages). */
export const fetchProfile = (iso3, options) => getJSON(`/api/profiles/v1/countries/${enc(iso3)}/profile`, options);

/**
 * A country's partnership strategy from the toolbox, or null when it has none. Asks the list
 * first: a missing strategy is an empty page there, not a 404 that the browser logs as an error.
 */
export async function fetchStrategy(iso3, options) {
  const list = await getJSON(`/api/toolbox/v1/strategies?country=${enc(iso3)}&limit=1`, options);
  if (!list.items?.length) return null;
  return getJSON(`/api/toolbox/v1/strategies/${enc(list.items[0].country ?? iso3)}`, options);
}
