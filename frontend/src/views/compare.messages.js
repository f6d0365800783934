/**
 * The compare view's strings in English and Russian (same keys in both), registered with the
 * catalogues on import. Country and indicator names come from the data (localName), numbers and
 * units from ../format.js.
 */
import { addMessages } from '../i18n.js';

export const MESSAGES = {
  en: {
    'nav.compare': 'Compare',
    'compare.title': 'Compare countries',
    'compare.intro': 'Two to four Prague Process states side by side: choose them here or click them on the map.',
    'compare.countries': 'Countries',
    'compare.add': 'Add a country',
    'compare.addNone': 'Choose…',
    'compare.remove': 'Remove {name}',
    'compare.tooMany': 'At most {max} countries can be compared: remove one before adding {name}.',
    'compare.tooFew': 'At least {min} countries are compared: add another before removing {name}.',
    'compare.chooseMore': 'Choose at least {min} countries to compare.',
    'compare.lastIndicator': 'Keep at least one indicator.',
    'compare.tooManyIndicators': 'At most {max} indicators at a time: untick one first.',
    'compare.indicators': 'Indicators',
    'compare.indicatorsChosen': 'Indicators: {count} of {total} chosen',
    'compare.tableCaption': 'Latest year with data for each country',
    'compare.indicator': 'Indicator',
    'compare.charts': 'Over the years',
    'compare.chartLabel': '{indicator}, {from}–{to}, one line per country: {countries}',
    'compare.chartEmpty': 'None of the chosen countries has values of this indicator.',
    'compare.values': 'Values by year',
    'compare.year': 'Year',
    'compare.loading': 'Loading the comparison…',
    'compare.failed': 'Could not load the comparison: {error}',
    'compare.hoverAdd': 'Click to add it to the comparison',
    'compare.hoverRemove': 'Click to remove it from the comparison',
    'compare.hoverFull': '{max} countries chosen: remove one to add this one',
    'compare.legend': 'Countries of the chart',
  },
  ru: {
    'nav.compare': 'Сравнение',
    'compare.title': 'Сравнение стран',
    'compare.intro': 'От двух до четырёх государств Пражского процесса рядом: выберите их здесь или щёлкните по ним на карте.',
    'compare.countries': 'Страны',
    'compare.add': 'Добавить страну',
    'compare.addNone': 'Выберите…',
    'compare.remove': 'Убрать: {name}',
    'compare.tooMany': 'Сравнить можно не более {max} стран: уберите одну, прежде чем добавить страну «{name}».',
    'compare.tooFew': 'Сравниваются не менее {min} стран: добавьте ещё одну, прежде чем убрать страну «{name}».',
    'compare.chooseMore': 'Выберите для сравнения не менее {min} стран.',
    'compare.lastIndicator': 'Оставьте хотя бы один показатель.',
    'compare.tooManyIndicators': 'Не более {max} показателей одновременно: сначала снимите отметку с одного.',
    'compare.indicators': 'Показатели',
    'compare.indicatorsChosen': 'Показатели: выбрано {count} из {total}',
    'compare.tableCaption': 'Последний год с данными по каждой стране',
    'compare.indicator': 'Показатель',
    'compare.charts': 'По годам',
    'compare.chartLabel': '{indicator}, {from}–{to}, по линии на страну: {countries}',
    'compare.chartEmpty': 'Ни у одной из выбранных стран нет значений этого показателя.',
    'compare.values': 'Значения по годам',
    'compare.year': 'Год',
    'compare.loading': 'Загрузка сравнения…',
    'compare.failed': 'Не удалось загрузить сравнение: {error}',
    'compare.hoverAdd': 'Щёлкните, чтобы добавить к сравнению',
    'compare.hoverRemove': 'Щёлкните, чтобы убрать из сравнения',
    'compare.hoverFull': 'Выбрано стран: {max}; уберите одну, чтобы добавить эту',
    'compare.legend': 'Страны на графике',
  },
};

addMessages(MESSAGES);
