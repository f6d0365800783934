/**
 * The interface's languages (English, Russian): a small message catalogue (./locales/*.js), plural
 * rules and collation from Intl, and the names the data carries in both languages (`name_en` /
 * `name_ru`, `title_en` / `title_ru`). Units and Prague Process groups come from the APIs in English
 * only, so their Russian forms are kept here. Pure apart from the module's current language.
 */
import en from './locales/en.js';
import ru from './locales/ru.js';

export const LANGS = ['en', 'ru'];
export const DEFAULT_LANG = 'en';
export const CATALOGUES = { en, ru };

/** The language's own name, for the switch. */
export const LANG_NAMES = { en: 'English', ru: 'Русский' };

let current = DEFAULT_LANG;

/** 'ru', 'RU', 'ru-RU' -> 'ru'; anything else -> null. */
export function normalizeLang(value) {
  const code = String(value ?? '').slice(0, 2).toLowerCase();
  return LANGS.includes(code) ? code : null;
}

/** The language to start in when the URL names none: the browser's first supported one, else English. */
export function preferredLang(languages = []) {
  for (const l of languages) {
    const code = normalizeLang(l);
    if (code) return code;
  }
  return DEFAULT_LANG;
}

export function setLang(lang) {
  current = normalizeLang(lang) ?? DEFAULT_LANG;
  return current;
}

export const getLang = () => current;

const pluralRules = new Map();
/** Picks a form by Intl.PluralRules: {one, few, many, other}; a missing form falls back to `other`, then `many`. */
export function plural(n, forms, lang = current) {
  if (!pluralRules.has(lang)) pluralRules.set(lang, new Intl.PluralRules(lang));
  const cat = pluralRules.get(lang).select(Number(n));
  return forms[cat] ?? forms.other ?? forms.many;
}

/** The message `key` in the current language (English when missing), `{name}` filled from params. */
export function t(key, params = {}) {
  const msg = CATALOGUES[current][key] ?? CATALOGUES.en[key];
  if (msg === undefined) return key;
  const text = typeof msg === 'function' ? msg(params, (n, forms) => plural(n, forms)) : msg;
  return text.replace(/\{(\w+)\}/g, (m, name) => (name in params ? String(params[name]) : m));
}

/**
 * A record's own text in the current language: `field_ru` in Russian (when present and not empty),
 * else `field_en`, else `field`. localName({name_en: 'Armenia', name_ru: 'Армения'}) -> 'Армения'.
 */
export function localName(record, field = 'name', lang = current) {
  if (!record) return '';
  const own = record[`${field}_${lang}`];
  if (own) return own;
  return record[`${field}_en`] ?? record[field] ?? '';
}

const collators = new Map();
/** Compares two texts as the current language sorts them (Ё after Е, case ignored). */
export function compareText(a, b, lang = current) {
  if (!collators.has(lang)) collators.set(lang, new Intl.Collator(lang, { sensitivity: 'base', numeric: true }));
  return collators.get(lang).compare(a ?? '', b ?? '');
}

/** The Prague Process groups of the data (pp_group, English) in Russian. */
const GROUPS_RU = {
  EU27: 'ЕС-27',
  'Schengen-associated': 'Ассоциированные с Шенгеном',
  'Western Balkans': 'Западные Балканы',
  'Eastern Partnership': 'Восточное партнёрство',
  'Central Asia': 'Центральная Азия',
  Russia: 'Россия',
  Turkey: 'Турция',
  'United Kingdom': 'Великобритания',
};

export function groupName(group, lang = current) {
  if (!group) return '';
  return lang === 'ru' ? GROUPS_RU[group] ?? group : group;
}

/** The indicators' units (profiles-api gives them in English) in Russian. */
const UNITS_RU = {
  persons: 'чел.',
  '% of GDP': '% ВВП',
  '% of labour force': '% рабочей силы',
  '% of population': '% населения',
  '% of population aged 15+': '% населения в возрасте 15+',
  '% per year': '% в год',
  '% of amount sent': '% от отправляемой суммы',
  'current US$': 'долл. США',
  'constant 2021 international $': 'междунар. долл. 2021 г.',
};

/** A unit in the current language (unknown units as given). */
export function unitName(unit, lang = current) {
  if (!unit) return '';
  return lang === 'ru' ? UNITS_RU[unit] ?? unit : unit;
}

/**
 * Adds a view's own messages ({en: {...}, ru: {...}}, same keys in both) to the catalogues: each
 * view under ./views/ keeps its strings in its own `*.messages.js` and registers them on import.
 */
export function addMessages(messages) {
  for (const lang of LANGS) Object.assign(CATALOGUES[lang], messages[lang] ?? {});
}

/** Every key of every catalogue, for the tests: the catalogues must name the same keys. */
export const catalogueKeys = (lang) => Object.keys(CATALOGUES[lang]);
