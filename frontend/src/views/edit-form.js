/**
 * The editing view's DOM pieces: the sign-in form, the user line, the records list and the record
 * form with its error summary, per-field errors, "someone else changed it" box and workflow
 * buttons. Each function builds elements from the state it is given (text only, never innerHTML);
 * ./edit.js owns the state and the calls.
 */
import { h } from '../dom.js';
import { formatYear } from '../format.js';
import { compareText, localName, t } from '../i18n.js';
import { FIELDS, RULES, allowedActions, canEdit, recordCountries, recordKey, recordStatus, recordVersion } from './edit-logic.js';

const statusName = (s) => (s ? t(`edit.status.${s}`) : '');
const roleName = (r) => {
  const key = `edit.role.${r}`;
  const text = t(key);
  return text === key ? r : text;
};

/** A record's own title in the interface's language. */
export function recordTitle(kind, record) {
  return kind === 'route' ? localName(record?.properties, 'name') : localName(record, 'title');
}

export function signInForm({ email = '', password = '', message = null, busy = false }, onSubmit) {
  const alert = h('div', { class: 'edit-alert', role: 'alert', id: 'edit-signin-alert' });
  if (message) alert.append(message);
  else alert.hidden = true;
  const emailInput = h('input', {
    id: 'edit-email', name: 'username', type: 'email', autocomplete: 'username', required: true,
    value: email, 'aria-describedby': message ? 'edit-signin-alert' : null,
  });
  const passwordInput = h('input', {
    id: 'edit-password', name: 'password', type: 'password', autocomplete: 'current-password', required: true,
    value: password,
  });
  const submit = h('button', { type: 'submit', class: 'edit-primary', disabled: busy }, t(busy ? 'edit.signIn.busy' : 'edit.signIn.submit'));
  const form = h('form', { id: 'edit-signin', class: 'edit-form', novalidate: true },
    h('h2', {}, t('edit.signIn.title')),
    h('p', { class: 'muted' }, t('edit.signIn.intro')),
    alert,
    h('div', { class: 'edit-field' }, h('label', { for: 'edit-email' }, t('edit.signIn.email')), emailInput),
    h('div', { class: 'edit-field' }, h('label', { for: 'edit-password' }, t('edit.signIn.password')), passwordInput),
    submit);
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    onSubmit(emailInput.value.trim(), passwordInput.value);
  });
  return form;
}

export function userBar(user, countryName, onSignOut) {
  const countries = user.editor
    ? t('edit.user.allCountries')
    : user.countries.map((c) => countryName(c)).join(', ');
  const signOut = h('button', { type: 'button', id: 'edit-signout' }, t('edit.signOut'));
  signOut.addEventListener('click', onSignOut);
  return h('div', { class: 'edit-user', 'data-testid': 'edit-user' },
    h('p', { class: 'edit-user-name' }, t('edit.user.heading', { name: user.name || user.email })),
    h('dl', {},
      h('dt', {}, t('edit.user.role')),
      h('dd', { 'data-testid': 'edit-roles', 'data-roles': user.roles.join(' ') }, user.roles.map(roleName).join(', ')),
      h('dt', {}, t('edit.user.countries')),
      h('dd', { 'data-testid': 'edit-countries', 'data-countries': user.countries.join(' ') }, countries)),
    signOut);
}

/** The kind and country selects, the title filter and the list of records. */
export function recordList({ user, kind, country, filter, records, loading, error, countryName, countries }, on) {
  const kindSelect = h('select', { id: 'edit-kind' },
    ...['initiative', 'route'].map((k) => h('option', { value: k, selected: k === kind }, t(`edit.kind.${k}`))));
  kindSelect.addEventListener('change', () => on.kind(kindSelect.value));
  const choices = (user.editor ? countries : user.countries)
    .map((iso3) => [iso3, countryName(iso3)])
    .sort((a, b) => compareText(a[1], b[1]));
  const countrySelect = h('select', { id: 'edit-country' },
    h('option', { value: '' }, t('edit.list.anyCountry')),
    ...choices.map(([iso3, name]) => h('option', { value: iso3, selected: iso3 === country }, name)));
  countrySelect.addEventListener('change', () => on.country(countrySelect.value));
  const filterInput = h('input', { id: 'edit-filter', type: 'search', value: filter, autocomplete: 'off' });
  filterInput.addEventListener('input', () => on.filter(filterInput.value));

  const scope = user.editor
    ? t('edit.list.scopeEditor')
    : t('edit.list.scopeContributor', { countries: user.countries.map((c) => countryName(c)).join(', ') });
  const body = [];
  if (loading) body.push(h('p', { class: 'muted', role: 'status' }, t('edit.list.loading')));
  else if (error) body.push(h('p', { class: 'edit-alert', role: 'alert' }, t('edit.list.failed', { error })));
  else {
    const wanted = filter.trim().toLocaleLowerCase();
    const shown = records.filter((r) => (!country || recordCountries(kind, r).includes(country) || (kind === 'initiative' && (r.countries ?? []).some((c) => c.iso3 === country)))
      && (!wanted || `${recordTitle(kind, r)} ${localName(kind === 'route' ? r.properties : r, kind === 'route' ? 'name' : 'title', 'en')}`.toLocaleLowerCase().includes(wanted)));
    body.push(h('p', { class: 'muted', id: 'edit-count', 'data-count': shown.length, role: 'status' }, t('edit.list.count', { count: shown.length })));
    if (!shown.length) body.push(h('p', {}, t('edit.list.empty')));
    else body.push(h('ul', { class: 'edit-list', id: 'edit-list' }, ...shown.map((r) => listItem(kind, r, user, countryName, on.open))));
  }
  return h('div', { class: 'edit-records' },
    h('p', { class: 'muted' }, scope),
    h('div', { class: 'edit-filters' },
      h('div', { class: 'edit-field' }, h('label', { for: 'edit-kind' }, t('edit.kind.label')), kindSelect),
      h('div', { class: 'edit-field' }, h('label', { for: 'edit-country' }, t('edit.list.country')), countrySelect),
      h('div', { class: 'edit-field' }, h('label', { for: 'edit-filter' }, t('edit.list.filter')), filterInput)),
    ...body);
}

function listItem(kind, record, user, countryName, onOpen) {
  const { id } = record;
  const status = recordStatus(kind, record);
  const owners = recordCountries(kind, record);
  const editable = canEdit(user, kind, record);
  const title = recordTitle(kind, record);
  const open = h('button', { type: 'button', 'data-record': recordKey(kind, id), 'aria-label': `${t(editable ? 'edit.list.open' : 'edit.list.view')}: ${title}` },
    t(editable ? 'edit.list.open' : 'edit.list.view'));
  open.addEventListener('click', () => onOpen(kind, id));
  return h('li', { 'data-record': recordKey(kind, id), 'data-status': status, 'data-owner': owners.join(' ') },
    h('span', { class: 'edit-item-title' }, title),
    h('span', { class: 'edit-item-meta' },
      h('span', { class: `edit-badge edit-badge-${status}` }, statusName(status)),
      ' ',
      owners.map((c) => countryName(c)).join(', ')),
    open);
}

/** The record's form: error summary, fields with their errors, save, workflow. */
export function recordForm(state, { user, countryName }, on) {
  const { kind, record, values, errors, stale, notice, busy } = state;
  const editable = canEdit(user, kind, record);
  const status = recordStatus(kind, record);
  const back = h('button', { type: 'button', id: 'edit-back', class: 'edit-back' }, `← ${t('edit.record.back')}`);
  back.addEventListener('click', on.back);

  const parts = [back, h('h2', { id: 'edit-record-title', tabindex: '-1' }, recordTitle(kind, record)),
    h('p', { class: 'muted', id: 'edit-meta', 'data-status': status, 'data-version': recordVersion(kind, record) },
      t('edit.record.meta', {
        status: statusName(status),
        version: recordVersion(kind, record),
        owner: recordCountries(kind, record).map((c) => countryName(c)).join(', '),
      }))];
  if (!editable) parts.push(h('p', { class: 'edit-note', id: 'edit-readonly' }, t('edit.record.readOnly', { status: statusName(status) })));
  if (notice) parts.push(h('p', { class: 'edit-success', id: 'edit-notice', role: 'status', tabindex: '-1' }, notice));
  if (stale) parts.push(staleBox(on.reload));
  if (errors) parts.push(errorSummary(kind, errors, on.focusField));

  const fields = FIELDS[kind].map((f) => fieldRow(f, values[f.name] ?? '', errors?.byField[f.name] ?? [], !editable || busy, on.input));
  const save = h('button', { type: 'submit', class: 'edit-primary', id: 'edit-save', disabled: !editable || busy }, t(busy === 'save' ? 'edit.saving' : 'edit.save'));
  const form = h('form', { class: 'edit-form', id: 'edit-record', novalidate: true, 'aria-labelledby': 'edit-record-title' }, ...fields, save);
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    on.save();
  });
  parts.push(form, workflow(state, user, on));
  return parts;
}

function fieldRow(field, value, reasons, disabled, onInput) {
  const id = `edit-f-${field.name}`;
  const errId = `edit-e-${field.name}`;
  const attrs = {
    id, name: field.name, disabled, required: field.required,
    'aria-invalid': reasons.length ? 'true' : null,
    'aria-describedby': reasons.length ? errId : null,
  };
  let input;
  if (field.type === 'textarea') input = h('textarea', { ...attrs, rows: 4 }, value);
  else if (field.type === 'select') {
    input = h('select', attrs, ...field.options.map((o) => h('option', { value: o, selected: o === value }, t(`edit.option.${o}`))));
  } else if (field.type === 'year') {
    input = h('input', { ...attrs, type: 'text', inputmode: 'numeric', autocomplete: 'off', value, placeholder: formatYear(2024), size: 6 });
  } else input = h('input', { ...attrs, type: field.type === 'date' ? 'date' : 'text', value });
  input.addEventListener('input', () => onInput(field.name, input.value));
  input.addEventListener('change', () => onInput(field.name, input.value));
  const row = h('div', { class: `edit-field edit-field-${field.type}`, 'data-field': field.name },
    h('label', { for: id }, t(`edit.field.${field.name}`)), input);
  if (reasons.length) row.append(h('p', { class: 'field-error', id: errId }, reasons.join(' ')));
  return row;
}

function errorSummary(kind, errors, focusField) {
  const items = [];
  for (const f of FIELDS[kind]) {
    for (const reason of errors.byField[f.name] ?? []) {
      const go = h('button', { type: 'button', class: 'edit-linklike', 'data-field': f.name },
        t('edit.errors.field', { field: t(`edit.field.${f.name}`), reason }));
      go.addEventListener('click', () => focusField(f.name));
      items.push(h('li', {}, go));
    }
  }
  for (const e of errors.other) items.push(h('li', {}, e.field ? t('edit.errors.field', { field: e.field, reason: e.reason }) : e.reason));
  const box = h('div', { class: 'edit-alert edit-summary', id: 'edit-summary', role: 'alert', tabindex: '-1', 'data-status': errors.status },
    h('h3', {}, t('edit.errors.heading')));
  if (errors.message) box.append(h('p', {}, errors.message));
  if (items.length) box.append(h('p', {}, t('edit.errors.intro')), h('ul', {}, ...items));
  return box;
}

function staleBox(onReload) {
  const reload = h('button', { type: 'button', id: 'edit-reload' }, t('edit.stale.reload'));
  reload.addEventListener('click', onReload);
  return h('div', { class: 'edit-alert', id: 'edit-stale', role: 'alert', tabindex: '-1' },
    h('h3', {}, t('edit.stale.heading')), h('p', {}, t('edit.stale.text')), reload);
}

function workflow(state, user, on) {
  const { kind, record, busy, comment } = state;
  const actions = allowedActions(user, kind, record);
  const section = h('section', { class: 'edit-workflow', 'aria-labelledby': 'edit-workflow-title' },
    h('h3', { id: 'edit-workflow-title' }, t('edit.workflow')));
  if (!actions.length) {
    section.append(h('p', { class: 'muted' }, t('edit.noActions')));
    return section;
  }
  if (actions.some((a) => RULES[a].needsComment)) {
    const input = h('textarea', { id: 'edit-comment', rows: 2 }, comment ?? '');
    input.addEventListener('input', () => on.comment(input.value));
    section.append(h('div', { class: 'edit-field' }, h('label', { for: 'edit-comment' }, t('edit.field.comment')), input));
  }
  const buttons = actions.map((action) => {
    const b = h('button', { type: 'button', 'data-action': action, disabled: Boolean(busy) }, t(`edit.action.${action}`));
    b.addEventListener('click', () => on.transition(action));
    return b;
  });
  section.append(h('div', { class: 'edit-actions' }, ...buttons));
  return section;
}
