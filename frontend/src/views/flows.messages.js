/**
 * The flows view's strings in English and Russian (same keys in both), added to the catalogues on
 * import. A message is a string with `{name}` placeholders or a function of the parameters and the
 * plural helper (see ../i18n.js).
 */
import { addMessages } from '../i18n.js';

export const MESSAGES = {
  en: {
    'nav.flows': 'Flows',
    'flows.title': 'Bilateral flows',
    'flows.intro':
      'Arcs between capitals: the selected country’s largest partners for a bilateral indicator, '
      + 'as wide as their value, with an arrowhead at the receiving end.',
    'flows.country': 'Country',
    'flows.indicator': 'Indicator',
    'flows.year': 'Year',
    'flows.top': 'Partners shown',
    'flows.topN': 'Top {count}',
    'flows.direction': 'Direction',
    'flows.direction.inbound': 'To {name} (from its partners)',
    'flows.direction.outbound': 'From {name} (to its partners)',
    'flows.direction.none': '{label} — no data',
    'flows.loading': 'Loading the flows…',
    'flows.failed': 'Could not load the flows: {error}',
    'flows.noYears': 'No yearly values of this indicator for {name}. Choose another indicator or country.',
    'flows.noIndicators': 'No bilateral indicator has values yet.',
    'flows.caption.inbound': ({ count }, plural) =>
      `Top ${count} ${plural(count, { one: 'partner', other: 'partners' })} sending to {name}: {indicator}, {year}`,
    'flows.caption.outbound': ({ count }, plural) =>
      `Top ${count} ${plural(count, { one: 'partner', other: 'partners' })} receiving from {name}: {indicator}, {year}`,
    'flows.rank': 'Rank',
    'flows.partner': 'Partner',
    'flows.value': 'Value',
    'flows.share': 'Share of total',
    'flows.partnerHint': 'Show {name}’s flows',
    'flows.total': ({ count }, plural) =>
      `Total of all ${count} ${plural(count, { one: 'partner', other: 'partners' })}: {value}.`,
    'flows.source': 'Source: {source}.',
    'flows.legend': 'Line width',
    'flows.legendNote': 'The arrowhead points to the receiving country.',
    'flows.selected': 'Selected country',
    'flows.hover.value': '{value} ({year})',
    'flows.hover.share': '{share} of the total',
    'flows.hover.partner.inbound': 'To {name}: {value}',
    'flows.hover.partner.outbound': 'From {name}: {value}',
    'flows.hover.notTop': 'Not among the partners shown',
    'flows.hover.selected': 'The selected country',
    'flows.hover.choose': 'Select to show its flows',
  },
  ru: {
    'nav.flows': 'Потоки',
    'flows.title': 'Двусторонние потоки',
    'flows.intro':
      'Дуги между столицами: крупнейшие партнёры выбранной страны по двустороннему показателю; '
      + 'ширина дуги — по значению, стрелка — у страны-получателя.',
    'flows.country': 'Страна',
    'flows.indicator': 'Показатель',
    'flows.year': 'Год',
    'flows.top': 'Число партнёров',
    'flows.topN': 'Первые {count}',
    'flows.direction': 'Направление',
    'flows.direction.inbound': 'В страну: {name} (от партнёров)',
    'flows.direction.outbound': 'Из страны: {name} (к партнёрам)',
    'flows.direction.none': '{label} — нет данных',
    'flows.loading': 'Загрузка потоков…',
    'flows.failed': 'Не удалось загрузить потоки: {error}',
    'flows.noYears': 'Нет годовых значений этого показателя для страны «{name}». Выберите другой показатель или страну.',
    'flows.noIndicators': 'Ни у одного двустороннего показателя ещё нет значений.',
    'flows.caption.inbound': ({ count }, plural) =>
      `${count} ${plural(count, { one: 'крупнейший партнёр', few: 'крупнейших партнёра', many: 'крупнейших партнёров', other: 'крупнейшего партнёра' })}, `
      + 'направление — в страну «{name}»: {indicator}, {year} г.',
    'flows.caption.outbound': ({ count }, plural) =>
      `${count} ${plural(count, { one: 'крупнейший партнёр', few: 'крупнейших партнёра', many: 'крупнейших партнёров', other: 'крупнейшего партнёра' })}, `
      + 'направление — из страны «{name}»: {indicator}, {year} г.',
    'flows.rank': 'Место',
    'flows.partner': 'Партнёр',
    'flows.value': 'Значение',
    'flows.share': 'Доля от итога',
    'flows.partnerHint': 'Показать потоки страны «{name}»',
    'flows.total': ({ count }, plural) =>
      `Итого по ${count} ${plural(count, { one: 'партнёру', other: 'партнёрам' })}: {value}.`,
    'flows.source': 'Источник: {source}.',
    'flows.legend': 'Ширина линии',
    'flows.legendNote': 'Стрелка указывает на страну-получателя.',
    'flows.selected': 'Выбранная страна',
    'flows.hover.value': '{value} ({year} г.)',
    'flows.hover.share': '{share} от итога',
    'flows.hover.partner.inbound': 'В страну «{name}»: {value}',
    'flows.hover.partner.outbound': 'Из страны «{name}»: {value}',
    'flows.hover.notTop': 'Не входит в число показанных партнёров',
    'flows.hover.selected': 'Выбранная страна',
    'flows.hover.choose': 'Выберите, чтобы показать её потоки',
  },
};

addMessages(MESSAGES);
