/**
 * The country panel's numbers as a reader sees them: key figures (latest value, its period, the
 * change against the value before and a sparkline) and line charts of the main series (SVG with
 * axes, each with its values as a table and as CSV), from profiles-api's assembled profile.
 */
import { h } from '../dom.js';
import { formatShort, formatYear } from '../format.js';
import { localName, t, unitName } from '../i18n.js';
import { chartModel, keyFigures, linePath, mainSeries, seriesPoints, trendChange } from './figures.js';
import { failed, formatChange, formatPeriod, indicatorValue, muted, section, svg } from './common.js';

const SPARK = { width: 96, height: 28 };

function sparkline(ind) {
  const points = seriesPoints(ind);
  if (points.length < 2) return null;
  const trend = ind.trend;
  const label = t('panel.kf.sparkline', {
    name: localName(ind), from: formatPeriod(trend[0].period), to: formatPeriod(trend[trend.length - 1].period),
  });
  const d = linePath(points, { ...SPARK, pad: 3 });
  const last = d.split(' ').slice(-2);
  return svg('svg', {
    class: 'sparkline', viewBox: `0 0 ${SPARK.width} ${SPARK.height}`, width: SPARK.width, height: SPARK.height,
    role: 'img', 'aria-label': label, 'data-points': points.length,
  },
  svg('title', {}, label),
  svg('path', { d, fill: 'none', stroke: 'currentColor', 'stroke-width': 1.6, 'stroke-linejoin': 'round' }),
  svg('circle', { cx: last[0].replace(/^[ML]/, ''), cy: last[1], r: 2.4, fill: 'currentColor' }));
}

function keyFigure(ind) {
  const change = trendChange(ind);
  const arrow = { up: '▲', down: '▼', flat: '■' }[change?.direction] ?? '';
  return h('li', {
    class: 'key-figure', 'data-testid': 'key-figure', 'data-indicator': ind.code,
    'data-value': String(ind.latest_value), 'data-period': ind.latest_period,
  },
  h('span', { class: 'kf-name' }, localName(ind)),
  h('span', { class: 'kf-value', title: indicatorValue(ind, ind.latest_value) }, indicatorValue(ind, ind.latest_value, { compact: true })),
  h('span', { class: 'kf-period' }, t('panel.kf.asOf', { period: formatPeriod(ind.latest_period) })),
  h('span', {
    class: `kf-change ${change?.direction ?? 'none'}`, 'data-testid': 'key-figure-change',
    'data-direction': change?.direction ?? 'none', 'data-from': change?.from ?? '',
  },
  arrow ? h('span', { 'aria-hidden': 'true' }, `${arrow} `) : null,
  change && change.direction !== 'flat' ? h('span', { class: 'visually-hidden' }, `${t(`panel.change.${change.direction}`)}: `) : null,
  formatChange(change, ind.unit)),
  sparkline(ind));
}

/** Key figures: a card per indicator (latest value, period, change, sparkline). */
export function keyFiguresSection(result) {
  const heading = t('panel.keyFigures');
  if (result.status === 'rejected') return section('keyfigures', heading, failed('profileDoc', result));
  const figures = keyFigures(result.value);
  if (!figures.length) return section('keyfigures', heading, muted(t('panel.kf.none'), { 'data-testid': 'no-key-figures' }));
  return section('keyfigures', heading, h('ul', { class: 'key-figures' }, ...figures.map(keyFigure)));
}

function chart(ind, csvHref) {
  const points = seriesPoints(ind);
  const model = chartModel(points, { width: 340, height: 160 });
  const trend = ind.trend;
  const first = trend[0];
  const last = trend[trend.length - 1];
  const name = localName(ind);
  const label = t('panel.chart.label', {
    name, from: formatPeriod(first.period), to: formatPeriod(last.period),
    first: indicatorValue(ind, first.value), last: indicatorValue(ind, last.value),
  });
  const { plot } = model;
  const grid = model.yTicks.map((tick) => svg('g', { class: 'tick' },
    svg('line', { x1: plot.x, x2: plot.x + plot.width, y1: tick.y, y2: tick.y }),
    svg('text', { x: plot.x - 4, y: tick.y, 'text-anchor': 'end', 'dominant-baseline': 'middle' }, formatShort(tick.value))));
  const years = model.xTicks.map((tick) => svg('text', {
    class: 'x-tick', x: tick.x, y: plot.y + plot.height + 14, 'text-anchor': 'middle',
  }, formatYear(tick.value)));
  const drawing = svg('svg', {
    class: 'chart', viewBox: `0 0 ${model.width} ${model.height}`, role: 'img', 'aria-label': label,
    'data-testid': 'chart-svg', 'data-points': points.length, preserveAspectRatio: 'xMidYMid meet',
  },
  svg('title', {}, label),
  ...grid,
  model.zeroY === null ? null : svg('line', { class: 'zero', x1: plot.x, x2: plot.x + plot.width, y1: model.zeroY, y2: model.zeroY }),
  ...years,
  svg('path', { class: 'line', d: model.path, fill: 'none' }),
  ...model.dots.map((p) => svg('circle', { class: 'dot', cx: p.x, cy: p.y, r: 2 })));

  const rows = trend.map((p) => h('tr', { 'data-period': p.period },
    h('th', { scope: 'row' }, formatPeriod(p.period)),
    h('td', { 'data-value': String(p.value) }, indicatorValue(ind, p.value))));
  const values = h('details', { class: 'chart-values' },
    h('summary', {}, t('panel.chart.values')),
    h('table', { class: 'values' },
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, t('panel.chart.period')), h('th', { scope: 'col' }, t('panel.chart.value')))),
      h('tbody', {}, ...rows)));
  const sources = (ind.trend_sources ?? []).join(', ');
  return h('figure', { class: 'chart-figure', 'data-testid': 'chart', 'data-indicator': ind.code },
    h('figcaption', {}, h('span', { class: 'chart-title' }, name), ind.unit ? h('span', { class: 'muted' }, `, ${unitName(ind.unit)}`) : null),
    drawing,
    h('p', { class: 'chart-meta muted' },
      sources ? `${t('panel.chart.sources', { sources })} · ` : '',
      h('a', { href: csvHref, download: '', 'data-testid': 'chart-csv' }, 'CSV')),
    values);
}

/** Line charts of the main series (see figures.mainSeries), each with a table and a CSV link. */
export function chartsSection(result, csvHref) {
  const heading = t('panel.charts');
  if (result.status === 'rejected') return section('charts', heading, failed('profileDoc', result));
  const series = mainSeries(result.value);
  if (!series.length) return section('charts', heading, muted(t('panel.chart.none'), { 'data-testid': 'no-charts' }));
  return section('charts', heading, ...series.map((ind) => chart(ind, csvHref(ind))));
}
