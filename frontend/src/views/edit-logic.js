/**
 * Signed-in editing, the pure part (no DOM, no fetch): who the token says the user is, which
 * records and workflow moves their role allows (the same rules as imap_kit.editorial), the record
 * kinds' form fields and write bodies, and which form field an API error names.
 *
 * Kinds: toolbox-api initiatives (PUT of the whole InitiativeWrite) and map-api routes (PATCH, a
 * JSON merge patch of the Feature's properties). Both answer 422 problem+json with
 * `errors: [{field: "body.title_en" | "body.properties.valid_to" | "body", reason, value}]`.
 */

/** Workflow moves: from which states, and whether only editors may take them (imap_kit.editorial.RULES). */
export const RULES = {
  submit: { from: ['draft'], editorsOnly: false },
  publish: { from: ['draft', 'submitted'], editorsOnly: true },
  return: { from: ['submitted'], editorsOnly: true, needsComment: true },
  withdraw: { from: ['published'], editorsOnly: true },
  reopen: { from: ['published', 'withdrawn'], editorsOnly: true },
};

/** The claims of a JWT (not verified: the services do that; the client only reads name, email, exp). */
export function tokenClaims(token) {
  const part = String(token ?? '').split('.')[1];
  if (!part) return null;
  try {
    const b64 = part.replace(/-/g, '+').replace(/_/g, '/').padEnd(Math.ceil(part.length / 4) * 4, '=');
    const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
    return JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    return null;
  }
}

/** A user from identity-api's /v1/me: {name, roles, countries, editor, contributor}. */
export function userFrom(me, claims = {}) {
  const roles = [...(me?.roles ?? [])];
  const editor = roles.includes('editor') || roles.includes('admin');
  return {
    name: me?.name ?? claims?.name ?? '',
    email: claims?.email ?? '',
    roles,
    countries: [...(me?.countries ?? [])].map((c) => String(c).toUpperCase()),
    editor,
    contributor: !editor && roles.includes('contributor'),
  };
}

/** May this user write at all (editor, admin or contributor)? */
export const canWrite = (user) => Boolean(user && (user.editor || user.contributor));

/** Does the user act for one of these states? (Editors for all.) */
export function covers(user, countries) {
  if (!user) return false;
  if (user.editor) return true;
  return [countries].flat().filter(Boolean).some((c) => user.countries.includes(String(c).toUpperCase()));
}

/** The states a record belongs to: an initiative's owner, a route's countries. */
export function recordCountries(kind, record) {
  if (!record) return [];
  if (kind === 'route') return [...(record.properties?.countries ?? [])];
  return record.owner_country ? [record.owner_country] : [];
}

export const recordStatus = (kind, record) => (kind === 'route' ? record?.properties?.status : record?.status) ?? '';
export const recordVersion = (kind, record) => (kind === 'route' ? record?.properties?.version : record?.version) ?? null;

/** Editors edit anything; contributors only their countries' drafts. */
export function canEdit(user, kind, record) {
  if (!canWrite(user)) return false;
  if (user.editor) return true;
  return covers(user, recordCountries(kind, record)) && recordStatus(kind, record) === 'draft';
}

/** The workflow moves the API would accept from this user on this record, in RULES order. */
export function allowedActions(user, kind, record) {
  if (!canWrite(user) || !covers(user, recordCountries(kind, record))) return [];
  const status = recordStatus(kind, record);
  return Object.entries(RULES)
    .filter(([, rule]) => rule.from.includes(status) && (user.editor || !rule.editorsOnly))
    .map(([action]) => action);
}

/** The records of a list the user may work on: editors all, contributors their countries'. */
export function visibleRecords(user, kind, records) {
  if (!canWrite(user)) return [];
  return records.filter((r) => user.editor || covers(user, recordCountries(kind, r)));
}

/** The editable fields of each kind: name, input type, languages. */
export const FIELDS = {
  initiative: [
    { name: 'title_en', type: 'text', required: true },
    { name: 'title_ru', type: 'text', required: true },
    { name: 'summary_en', type: 'textarea', required: true },
    { name: 'summary_ru', type: 'textarea', required: true },
    { name: 'start_year', type: 'year' },
    { name: 'end_year', type: 'year' },
    { name: 'implementation_status', type: 'select', options: ['planned', 'ongoing', 'completed', 'suspended'] },
  ],
  route: [
    { name: 'name_en', type: 'text', required: true },
    { name: 'name_ru', type: 'text', required: true },
    { name: 'description_en', type: 'textarea', required: true },
    { name: 'description_ru', type: 'textarea', required: true },
    { name: 'valid_from', type: 'date', required: true },
    { name: 'valid_to', type: 'date' },
  ],
};

export const fieldNames = (kind) => FIELDS[kind].map((f) => f.name);

/** The form's values from a record (strings, as inputs hold them). */
export function formValues(kind, record) {
  const source = kind === 'route' ? record?.properties ?? {} : record ?? {};
  return Object.fromEntries(fieldNames(kind).map((name) => [name, source[name] == null ? '' : String(source[name])]));
}

/** A form string as the API wants it: years as numbers (a non-number kept for the API to refuse), empty as null. */
function typed(field, raw) {
  const value = String(raw ?? '');
  if (field.type === 'year') {
    const trimmed = value.trim();
    if (!trimmed) return null;
    return /^-?\d+$/.test(trimmed) ? Number(trimmed) : trimmed;
  }
  if (field.type === 'date') return value.trim() || null;
  return value;
}

/** An initiative's write body (InitiativeWrite): the record as read, with the form's fields in it. */
export function initiativeBody(record, values) {
  const body = {
    slug: record.slug,
    title_en: record.title_en,
    title_ru: record.title_ru,
    summary_en: record.summary_en,
    summary_ru: record.summary_ru,
    description_en: record.description_en ?? '',
    description_ru: record.description_ru ?? '',
    kind: record.kind,
    countries: (record.countries ?? []).map((c) => ({ iso3: c.iso3, role: c.role })),
    organisations: (record.organisations ?? []).map((o) => ({ name: o.name, role: o.role })),
    themes: [...(record.themes ?? [])],
    start_year: record.start_year ?? null,
    end_year: record.end_year ?? null,
    budget: record.budget ? { amount: record.budget.amount, currency: record.budget.currency } : null,
    implementation_status: record.implementation_status,
    outcomes_en: record.outcomes_en ?? '',
    outcomes_ru: record.outcomes_ru ?? '',
    sources: (record.sources ?? []).map((s) => ({ title: s.title, url: s.url })),
    corridors: (record.corridors ?? []).map((c) => ({ from: c.from, to: c.to })),
    routes: [...(record.routes ?? [])],
    owner_country: record.owner_country ?? null,
    access: record.access ?? 'public',
  };
  for (const field of FIELDS.initiative) body[field.name] = typed(field, values[field.name]);
  return body;
}

/** A route's merge patch: only the properties the form changed. */
export function routePatch(record, values) {
  const before = formValues('route', record);
  const properties = {};
  for (const field of FIELDS.route) {
    if (String(values[field.name] ?? '') !== before[field.name]) properties[field.name] = typed(field, values[field.name]);
  }
  return { type: 'Feature', properties };
}

/** The write for a kind: method and body. */
export function writeRequest(kind, record, values) {
  return kind === 'route'
    ? { method: 'PATCH', body: routePatch(record, values) }
    : { method: 'PUT', body: initiativeBody(record, values) };
}

/**
 * Which form field an API error is about: its path (`body.end_year`, `body.properties.valid_to`,
 * `body.countries.0.iso3` -> `countries`), else, for an error about the whole body (`body`), the
 * first form field its reason names ("end_year must not be before start_year" -> end_year).
 * Null when it names none of the form's fields.
 */
export function fieldOfError(error, names) {
  const parts = String(error?.field ?? '').split('.');
  if (parts[0] === 'body') parts.shift();
  if (parts[0] === 'properties') parts.shift();
  if (parts.length && names.includes(parts[0])) return parts[0];
  const reason = String(error?.reason ?? '');
  let best = null;
  let at = Infinity;
  for (const name of names) {
    const m = new RegExp(`(^|[^a-z_])${name}([^a-z_]|$)`).exec(reason);
    if (m && m.index < at) {
      best = name;
      at = m.index;
    }
  }
  return best;
}

/** A problem's errors grouped by form field: {byField: {name: [reason]}, other: [{field, reason}]}. */
export function groupErrors(problem, names) {
  const byField = {};
  const other = [];
  for (const error of problem?.errors ?? []) {
    const name = fieldOfError(error, names);
    const reason = String(error.reason ?? '').replace(/^Value error, /, '');
    if (name) (byField[name] ??= []).push(reason);
    else other.push({ field: error.field ?? '', reason });
  }
  return { byField, other };
}

/** `record=initiative:12` in the hash <-> {kind, id}. */
export function parseRecordKey(value) {
  const m = /^(initiative|route):(\d{1,18})$/.exec(String(value ?? ''));
  return m ? { kind: m[1], id: Number(m[2]) } : null;
}

export const recordKey = (kind, id) => `${kind}:${id}`;
