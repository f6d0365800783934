import assert from 'node:assert/strict';
import { afterEach, test } from 'node:test';
import {
  CATALOGUES, LANGS, compareText, groupName, localName, normalizeLang, plural, preferredLang, setLang, t, unitName,
} from '../src/i18n.js';

afterEach(() => setLang('en'));

test('both catalogues name the same keys, and no message is empty', () => {
  assert.deepEqual(LANGS, ['en', 'ru']);
  assert.deepEqual(Object.keys(CATALOGUES.ru).sort(), Object.keys(CATALOGUES.en).sort());
  for (const lang of LANGS) {
    setLang(lang);
    for (const key of Object.keys(CATALOGUES[lang])) {
      const text = t(key, { count: 2, total: 51, year: 2020, name: 'X', indicator: 'X', error: 'e', what: 'w', group: 'g', kind: 'k', from: '1', to: '2', source: 's', shown: 1, start: 2000, end: 2001 });
      assert.ok(text && !/\{\w+\}/.test(text), `${lang} ${key}: ${text}`);
    }
  }
});

test('Russian messages are Russian, with placeholders filled', () => {
  setLang('ru');
  assert.equal(t('controls.indicator'), 'Показатель');
  assert.equal(t('panel.indicators', { year: 2020 }), 'Показатели за 2020 год');
  setLang('en');
  assert.equal(t('panel.indicators', { year: 2020 }), 'Indicators, 2020');
  assert.equal(t('no.such.key'), 'no.such.key');
});

test('counts agree in Russian (one, few, many) and in English', () => {
  setLang('ru');
  assert.equal(t('legend.groupStates', { count: 1 }), '1 государство');
  assert.equal(t('legend.groupStates', { count: 3 }), '3 государства');
  assert.equal(t('legend.groupStates', { count: 11 }), '11 государств');
  assert.equal(t('legend.groupStates', { count: 21 }), '21 государство');
  assert.equal(t('legend.states', { count: 30, total: 51 }), '30 из 51 государства');
  assert.equal(t('legend.states', { count: 30, total: 50 }), '30 из 50 государств');
  setLang('en');
  assert.equal(t('legend.groupStates', { count: 1 }), '1 state');
  assert.equal(t('legend.states', { count: 30, total: 51 }), '30 of 51 states');
  assert.equal(plural(5, { one: 'a', other: 'b' }), 'b');
});

test('the language: from the URL, else the browser, else English', () => {
  assert.equal(normalizeLang('ru-RU'), 'ru');
  assert.equal(normalizeLang('RU'), 'ru');
  assert.equal(normalizeLang('de'), null);
  assert.equal(normalizeLang(null), null);
  assert.equal(preferredLang(['de-DE', 'ru-RU', 'en']), 'ru');
  assert.equal(preferredLang(['fr']), 'en');
  assert.equal(preferredLang([]), 'en');
  assert.equal(setLang('xx'), 'en');
});

test('the data\'s own names in the language, English when a Russian one is missing', () => {
  const armenia = { name_en: 'Armenia', name_ru: 'Армения' };
  assert.equal(localName(armenia), 'Armenia');
  setLang('ru');
  assert.equal(localName(armenia), 'Армения');
  assert.equal(localName({ name_en: 'Syria', name_ru: null }), 'Syria');
  assert.equal(localName({ title_en: 'iGorts', title_ru: 'iGorts: специалисты' }, 'title'), 'iGorts: специалисты');
  assert.equal(localName({ name: 'Syria' }), 'Syria');
  assert.equal(groupName('Eastern Partnership'), 'Восточное партнёрство');
  assert.equal(groupName('Unheard-of group'), 'Unheard-of group');
  assert.equal(unitName('persons'), 'чел.');
  assert.equal(unitName('% of GDP'), '% ВВП');
  assert.equal(unitName('bushels'), 'bushels');
  setLang('en');
  assert.equal(groupName('Eastern Partnership'), 'Eastern Partnership');
  assert.equal(unitName('persons'), 'persons');
});

test('names sort as the language sorts them', () => {
  setLang('ru');
  const names = ['Эстония', 'Австрия', 'Ёлкино', 'Германия', 'Италия'].sort(compareText);
  assert.deepEqual(names, ['Австрия', 'Германия', 'Ёлкино', 'Италия', 'Эстония']);
});
