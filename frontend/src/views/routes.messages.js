/**
 * The routes view's messages in English and Russian (same keys in both), registered with the
 * interface's catalogue on import. Route, crossing-point and country names come from the data
 * (`name` / `name_ru`); nationalities outside the Prague Process are named by Intl.DisplayNames.
 */
import { addMessages } from '../i18n.js';

export const messages = {
  en: {
    'nav.routes': 'Routes',
    'routes.title': 'Migration routes',
    'routes.intro':
      'Routes into the EU as Frontex names them, their border crossing points and the monthly ' +
      'detections of illegal border crossings by nationality.',
    'routes.route': 'Route',
    'routes.kind.land': 'land',
    'routes.kind.sea': 'sea',
    'routes.kind.air': 'air',
    'routes.kind.mixed': 'land and sea',
    'routes.kind.other': 'route',
    'routes.option': '{name} ({kind})',
    'routes.indicative': 'The line on the map is indicative: drawn through the main crossing areas, not a surveyed path.',
    'routes.noLine': 'This route has no line on the map.',
    'routes.partial':
      'For this route the data cover only nationals of the Prague Process states: the totals are ' +
      'not the route\'s whole total.',
    'routes.points': 'Crossing points',
    'routes.points.none': 'No crossing points are recorded on this route.',
    'routes.points.approximate': 'approximate position',
    'routes.month': 'Month',
    'routes.month.none': 'No monthly statistics are published.',
    'routes.detectionsIn': 'Detections in {month}',
    'routes.noDetections': 'No detections reported for this month.',
    'routes.topNationalities': 'Top nationalities',
    'routes.others': ({ count }, plural) =>
      `${count} other ${plural(count, { one: 'nationality', other: 'nationalities' })}`,
    'routes.othersSeries': 'All other nationalities',
    'routes.chart': 'Monthly detections by nationality',
    'routes.chart.desc':
      'Line chart of the monthly detections on {route}, {from} to {to}, for the five nationalities ' +
      'with the most detections and all others; the chosen month, {month}, is marked.',
    'routes.chart.empty': 'No detections are recorded on this route.',
    'routes.table.show': 'The chart as a table',
    'routes.table.caption': 'Monthly detections on {route} by nationality',
    'routes.table.month': 'Month',
    'routes.table.total': 'Total',
    'routes.source':
      'Source: Frontex, monthly detections of illegal border crossings (migratory map data as of ' +
      '2025-06-03). Detections count crossings, not persons.',
    'routes.nat.OOO': 'Other or unknown',
    'routes.nat.STL': 'Stateless',
    'routes.hover.detections': 'Detections in {month}: {count}',
    'routes.hover.none': 'No detections reported in {month}',
    'routes.hover.loading': 'Detections in {month}: loading…',
    'routes.status.failed': 'Could not load the routes: {error}',
  },
  ru: {
    'nav.routes': 'Маршруты',
    'routes.title': 'Миграционные маршруты',
    'routes.intro':
      'Маршруты в ЕС в наименованиях Frontex, пункты пропуска на них и ежемесячные данные о ' +
      'выявленных незаконных пересечениях границы по гражданству.',
    'routes.route': 'Маршрут',
    'routes.kind.land': 'сухопутный',
    'routes.kind.sea': 'морской',
    'routes.kind.air': 'воздушный',
    'routes.kind.mixed': 'сухопутно-морской',
    'routes.kind.other': 'маршрут',
    'routes.option': '{name} ({kind})',
    'routes.indicative':
      'Линия на карте ориентировочная: проведена через основные районы пересечения, а не по ' +
      'точным данным.',
    'routes.noLine': 'У этого маршрута нет линии на карте.',
    'routes.partial':
      'По этому маршруту данные охватывают только граждан государств Пражского процесса: итоги ' +
      'не равны общему числу по маршруту.',
    'routes.points': 'Пункты пропуска',
    'routes.points.none': 'На этом маршруте пункты пропуска не отмечены.',
    'routes.points.approximate': 'положение приблизительное',
    'routes.month': 'Месяц',
    'routes.month.none': 'Ежемесячная статистика не опубликована.',
    'routes.detectionsIn': '{month}: выявлено',
    'routes.noDetections': 'За этот месяц случаев не зарегистрировано.',
    'routes.topNationalities': 'Основные страны гражданства',
    'routes.others': ({ count }, plural) =>
      `ещё ${count} ${plural(count, { one: 'страна', few: 'страны', many: 'стран', other: 'страны' })}`,
    'routes.othersSeries': 'Все остальные страны',
    'routes.chart': 'Выявленные случаи по месяцам и гражданству',
    'routes.chart.desc':
      'Линейный график выявленных случаев по месяцам на маршруте «{route}» ({from} – {to}) для ' +
      'пяти стран гражданства с наибольшим числом случаев и всех остальных; отмечен выбранный ' +
      'месяц: {month}.',
    'routes.chart.empty': 'На этом маршруте случаев не зарегистрировано.',
    'routes.table.show': 'График в виде таблицы',
    'routes.table.caption': 'Выявленные случаи по месяцам на маршруте «{route}» по гражданству',
    'routes.table.month': 'Месяц',
    'routes.table.total': 'Всего',
    'routes.source':
      'Источник: Frontex, ежемесячные данные о выявленных незаконных пересечениях границы ' +
      '(данные карты миграции на 03.06.2025). Учитываются пересечения, а не люди.',
    'routes.nat.OOO': 'Другое или неизвестно',
    'routes.nat.STL': 'Лица без гражданства',
    'routes.hover.detections': '{month}: выявлено {count}',
    'routes.hover.none': '{month}: случаев не зарегистрировано',
    'routes.hover.loading': '{month}: загрузка…',
    'routes.status.failed': 'Не удалось загрузить маршруты: {error}',
  },
};

addMessages(messages);
