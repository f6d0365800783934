import assert from 'node:assert/strict';
import { afterEach, test } from 'node:test';
import { setLang, t } from '../src/i18n.js';
import {
  allowedActions, canEdit, fieldOfError, formValues, groupErrors, initiativeBody, parseRecordKey, recordKey,
  routePatch, tokenClaims, userFrom, visibleRecords, writeRequest,
} from '../src/views/edit-logic.js';
import { messages } from '../src/views/edit.messages.js';

afterEach(() => setLang('en'));

const editor = userFrom({ name: 'Ed', roles: ['editor'], countries: [] });
const contributor = userFrom({ name: 'Co', roles: ['contributor'], countries: ['geo', 'ARM'] });
const partner = userFrom({ name: 'Pa', roles: ['partner'], countries: ['GEO'] });

// An initiative as toolbox-api's GET /v1/initiatives/{id} answers it (trimmed to what a write needs).
const INITIATIVE = {
  id: 7, slug: 'eu-georgia-mobility', title_en: 'EU–Georgia Mobility Partnership', title_ru: 'Партнёрство',
  summary_en: 'A joint declaration.', summary_ru: 'Совместная декларация.', description_en: 'More.', description_ru: '',
  kind: 'bilateral', countries: [{ iso3: 'GEO', role: 'partner' }, { iso3: 'DEU', role: 'implementer' }],
  organisations: [{ name: 'European Commission', role: 'donor' }], themes: ['legal-migration'],
  start_year: 2009, end_year: null, budget: { amount: 5000000, currency: 'EUR' }, implementation_status: 'ongoing',
  outcomes_en: '', outcomes_ru: '', sources: [{ title: 'EC', url: 'https://ec.europa.eu/' }],
  source_url: 'https://ec.europa.eu/', source_title: 'EC', corridors: [{ from: 'GEO', to: 'DEU' }], routes: ['eastern-borders'],
  owner_country: 'GEO', access: 'public', status: 'published', version: 3, html: {}, practices: [],
};
const ROUTE = {
  type: 'Feature', id: 2, geometry: null,
  properties: {
    slug: 'eastern-borders', name_en: 'Eastern Land Borders', name_ru: 'Восточные сухопутные границы', kind: 'land',
    valid_from: '2009-01-01', valid_to: null, description_en: 'd', description_ru: 'д', countries: ['UKR', 'POL'],
    status: 'draft', version: 4,
  },
};

test('every message exists in English and Russian, none empty, Russian differs', () => {
  assert.deepEqual(Object.keys(messages.ru).sort(), Object.keys(messages.en).sort());
  for (const lang of ['en', 'ru']) {
    setLang(lang);
    for (const key of Object.keys(messages.en)) {
      const text = t(key, { count: 3, name: 'X', error: 'e', countries: 'C', status: 's', version: 2, owner: 'O', field: 'f', reason: 'r' });
      assert.ok(text && !/\{\w+\}/.test(text), `${lang} ${key}: ${text}`);
    }
  }
  setLang('ru');
  assert.equal(t('edit.list.count', { count: 3 }), '3 записи');
  assert.equal(t('edit.list.count', { count: 11 }), '11 записей');
  assert.equal(t('edit.signIn.submit'), 'Войти');
  assert.equal(t('nav.edit'), 'Правка');
});

test('roles: editors edit everything, contributors their countries\' drafts, partners nothing here', () => {
  assert.deepEqual(contributor.countries, ['GEO', 'ARM']);
  assert.ok(editor.editor && !editor.contributor);
  assert.ok(userFrom({ roles: ['admin'] }).editor);
  assert.ok(canEdit(editor, 'initiative', INITIATIVE));
  assert.ok(!canEdit(contributor, 'initiative', INITIATIVE)); // published
  assert.ok(canEdit(contributor, 'initiative', { ...INITIATIVE, status: 'draft' }));
  assert.ok(!canEdit(contributor, 'initiative', { ...INITIATIVE, status: 'draft', owner_country: 'DEU' }));
  assert.ok(!canEdit(partner, 'initiative', { ...INITIATIVE, status: 'draft' }));
  assert.ok(!canEdit(contributor, 'route', ROUTE)); // UKR, POL are not theirs
  assert.ok(canEdit(userFrom({ roles: ['contributor'], countries: ['POL'] }), 'route', ROUTE));
});

test('workflow moves as imap_kit.editorial allows them', () => {
  assert.deepEqual(allowedActions(editor, 'initiative', INITIATIVE), ['withdraw', 'reopen']);
  assert.deepEqual(allowedActions(editor, 'initiative', { ...INITIATIVE, status: 'draft' }), ['submit', 'publish']);
  assert.deepEqual(allowedActions(editor, 'initiative', { ...INITIATIVE, status: 'submitted' }), ['publish', 'return']);
  assert.deepEqual(allowedActions(editor, 'initiative', { ...INITIATIVE, status: 'withdrawn' }), ['reopen']);
  assert.deepEqual(allowedActions(contributor, 'initiative', { ...INITIATIVE, status: 'draft' }), ['submit']);
  assert.deepEqual(allowedActions(contributor, 'initiative', { ...INITIATIVE, status: 'submitted' }), []);
  assert.deepEqual(allowedActions(contributor, 'initiative', { ...INITIATIVE, status: 'draft', owner_country: 'DEU' }), []);
});

test('a contributor\'s list holds only records of their countries', () => {
  const records = [INITIATIVE, { ...INITIATIVE, id: 8, owner_country: 'DEU' }, { ...INITIATIVE, id: 9, owner_country: 'ARM' }];
  assert.deepEqual(visibleRecords(contributor, 'initiative', records).map((r) => r.id), [7, 9]);
  assert.deepEqual(visibleRecords(editor, 'initiative', records).map((r) => r.id), [7, 8, 9]);
  assert.deepEqual(visibleRecords(partner, 'initiative', records), []);
});

test('the initiative\'s write body is the record as read with the form\'s fields', () => {
  const values = { ...formValues('initiative', INITIATIVE), title_en: 'New title', end_year: '2008' };
  assert.equal(formValues('initiative', INITIATIVE).start_year, '2009');
  assert.equal(formValues('initiative', INITIATIVE).end_year, '');
  const body = initiativeBody(INITIATIVE, values);
  assert.equal(body.title_en, 'New title');
  assert.equal(body.start_year, 2009);
  assert.equal(body.end_year, 2008);
  assert.deepEqual(body.countries, INITIATIVE.countries);
  assert.deepEqual(body.corridors, [{ from: 'GEO', to: 'DEU' }]);
  assert.deepEqual(body.budget, { amount: 5000000, currency: 'EUR' });
  for (const readOnly of ['id', 'status', 'version', 'html', 'practices', 'source_url', 'source_title']) assert.ok(!(readOnly in body), readOnly);
  assert.equal(initiativeBody(INITIATIVE, { ...values, end_year: ' ' }).end_year, null);
  assert.equal(initiativeBody(INITIATIVE, { ...values, end_year: '20x' }).end_year, '20x'); // the API says why
  assert.equal(writeRequest('initiative', INITIATIVE, values).method, 'PUT');
});

test('a route\'s merge patch carries only what changed', () => {
  const values = { ...formValues('route', ROUTE), name_en: 'Eastern Borders', valid_to: '2024-01-01' };
  assert.deepEqual(routePatch(ROUTE, values), { type: 'Feature', properties: { name_en: 'Eastern Borders', valid_to: '2024-01-01' } });
  assert.deepEqual(routePatch(ROUTE, formValues('route', ROUTE)).properties, {});
  assert.equal(writeRequest('route', ROUTE, values).method, 'PATCH');
});

test('an API error lands on the field it names, or the first field its reason names', () => {
  const names = ['title_en', 'start_year', 'end_year', 'valid_from', 'valid_to'];
  assert.equal(fieldOfError({ field: 'body.title_en', reason: 'too short' }, names), 'title_en');
  assert.equal(fieldOfError({ field: 'body.properties.valid_to', reason: 'must be after valid_from' }, names), 'valid_to');
  // toolbox-api's period check is a model-level error on the whole body:
  assert.equal(fieldOfError({ field: 'body', reason: 'Value error, end_year must not be before start_year' }, names), 'end_year');
  assert.equal(fieldOfError({ field: 'body.countries.0.iso3', reason: 'unknown' }, names), null);
  assert.equal(fieldOfError({ field: 'body', reason: 'give at least one source' }, names), null);
  const grouped = groupErrors({ errors: [
    { field: 'body', reason: 'Value error, end_year must not be before start_year' },
    { field: 'body.themes', reason: 'unknown theme' },
  ] }, names);
  assert.deepEqual(grouped.byField, { end_year: ['end_year must not be before start_year'] });
  assert.deepEqual(grouped.other, [{ field: 'body.themes', reason: 'unknown theme' }]);
  assert.deepEqual(groupErrors(null, names), { byField: {}, other: [] });
});

test('the hash names a record as kind:id; the token is read, never put in the URL', () => {
  assert.deepEqual(parseRecordKey('initiative:12'), { kind: 'initiative', id: 12 });
  assert.deepEqual(parseRecordKey('route:3'), { kind: 'route', id: 3 });
  assert.equal(parseRecordKey('strategy:3'), null);
  assert.equal(parseRecordKey('initiative:x'), null);
  assert.equal(recordKey('initiative', 12), 'initiative:12');
  const payload = Buffer.from(JSON.stringify({ email: 'é@example.org', name: 'Зоя', exp: 1 })).toString('base64url');
  assert.deepEqual(tokenClaims(`e30.${payload}.sig`), { email: 'é@example.org', name: 'Зоя', exp: 1 });
  assert.equal(tokenClaims('garbage'), null);
});
