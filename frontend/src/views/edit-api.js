/**
 * Signed-in calls to the gateway for the editing view: the password sign-in (identity-api's OAuth2
 * token endpoint), `/v1/me`, and the editors' APIs of toolbox-api (initiatives) and map-api
 * (routes) with the bearer token. Every refusal is an ApiCallError carrying the status, the
 * problem+json body (RFC 9457) and the response's headers. URLs are our own origin only.
 */

export class ApiCallError extends Error {
  constructor(status, problem, headers) {
    super(problem?.detail || problem?.title || `HTTP ${status}`);
    this.status = status;
    this.problem = problem ?? null;
    this.headers = headers ?? new Headers();
  }
}

const enc = encodeURIComponent;

/** Where each kind lives: list, one record, transitions. */
export const PATHS = {
  initiative: {
    list: '/api/toolbox/v1/initiatives',
    one: (id) => `/api/toolbox/v1/initiatives/${enc(id)}`,
  },
  route: {
    list: '/api/map/v1/routes',
    one: (id) => `/api/map/v1/routes/${enc(id)}`,
  },
};

/** Keeps only path and query, so a link the API gives as an absolute URL stays on our origin. */
function local(url) {
  const u = new URL(url, window.location.href);
  return `${u.pathname}${u.search}`;
}

async function call(url, { token, method = 'GET', body, form, ifMatch, signal } = {}) {
  const headers = { Accept: 'application/json' };
  if (token) headers.Authorization = `Bearer ${token}`;
  if (ifMatch) headers['If-Match'] = ifMatch;
  let payload;
  if (form) {
    payload = new URLSearchParams(form);
    headers['Content-Type'] = 'application/x-www-form-urlencoded';
  } else if (body !== undefined) {
    payload = JSON.stringify(body);
    headers['Content-Type'] = 'application/json';
  }
  const res = await fetch(local(url), { method, headers, body: payload, signal, cache: 'no-store' });
  const text = await res.text();
  let data = null;
  try {
    data = text ? JSON.parse(text) : null;
  } catch {
    data = null;
  }
  if (!res.ok) throw new ApiCallError(res.status, data, res.headers);
  return { data, etag: res.headers.get('ETag'), status: res.status };
}

/** Password sign-in: {access_token, token_type, expires_in}. */
export async function signIn(email, password) {
  const form = { grant_type: 'password', username: email, password };
  return (await call('/api/identity/v1/token', { method: 'POST', form })).data;
}

/** The principal the services see for this token: {kind, subject, name, roles, scopes, countries}. */
export async function me(token) {
  return (await call('/api/identity/v1/me', { token })).data;
}

/** Every record of a kind the token may see (following the pages' `next` links). */
export async function listRecords(kind, token, { signal } = {}) {
  const out = [];
  let next = `${PATHS[kind].list}?limit=100`;
  for (let guard = 0; next && guard < 100; guard++) {
    const { data } = await call(next, { token, signal });
    if (kind === 'route') {
      out.push(...(data.features ?? []));
      next = (data.links ?? []).find((l) => l.rel === 'next')?.href ?? null;
    } else {
      out.push(...(data.items ?? []));
      next = data.links?.next ?? null;
    }
  }
  return out;
}

/** One record and its ETag. */
export async function getRecord(kind, id, token) {
  const { data, etag } = await call(PATHS[kind].one(id), { token });
  return { record: data, etag };
}

/** Writes a record (PUT or PATCH) with If-Match: the new record and ETag. */
export async function writeRecord(kind, id, token, { method, body }, etag) {
  const { data, etag: next } = await call(PATHS[kind].one(id), { token, method, body, ifMatch: etag });
  return { record: data, etag: next };
}

/** A workflow move with If-Match: the new record and ETag. */
export async function transition(kind, id, token, action, comment, etag) {
  const body = { action, ...(comment ? { comment } : {}) };
  const { data, etag: next } = await call(`${PATHS[kind].one(id)}/transitions`, {
    token, method: 'POST', body, ifMatch: etag,
  });
  return { record: data, etag: next };
}
