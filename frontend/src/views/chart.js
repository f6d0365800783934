/**
 * A small dependency-free SVG line chart for the views: several series over the same points (months,
 * years), a y axis with round ticks, x labels at chosen points and an optional marked point. The
 * arithmetic is pure (niceTicks, linePath, chartScales) and tested under node; lineChart() builds the
 * SVG element (browser only). Text is set as text, never parsed. Give the chart a table or list
 * alternative: a drawing alone is not accessible.
 */

const SVG = 'http://www.w3.org/2000/svg';

/**
 * Round ticks from 0 to at least `max`: niceTicks(1234) -> [0, 500, 1000, 1500]. The step is 1, 2,
 * 2.5 or 5 times a power of ten, so that about `count` intervals cover the range.
 */
export function niceTicks(max, count = 4) {
  if (!Number.isFinite(max) || max <= 0) return [0, 1];
  const raw = max / Math.max(1, count);
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * power).find((s) => s >= raw - 1e-9);
  const ticks = [];
  for (let v = 0; v < max + step - 1e-9; v += step) ticks.push(Number(v.toPrecision(12)));
  if (ticks.length < 2) ticks.push(step);
  return ticks;
}

/**
 * The chart's frame and scales: x spreads `count` points over the plot's width, y maps 0..top to the
 * plot's height (SVG y grows downwards).
 */
export function chartScales({ width, height, count, top, margin = { top: 8, right: 8, bottom: 22, left: 40 } }) {
  const plot = {
    left: margin.left,
    right: width - margin.right,
    top: margin.top,
    bottom: height - margin.bottom,
  };
  const span = Math.max(1, count - 1);
  const x = (i) => plot.left + ((plot.right - plot.left) * i) / span;
  const y = (v) => plot.bottom - ((plot.bottom - plot.top) * v) / (top || 1);
  return { plot, x, y };
}

const round = (v) => Math.round(v * 10) / 10;

/** An SVG path through the values (null or missing values break the line): "M0,10L5,8L10,2". */
export function linePath(values, x, y) {
  let d = '';
  let pen = false;
  values.forEach((v, i) => {
    if (v === null || v === undefined || !Number.isFinite(v)) {
      pen = false;
      return;
    }
    d += `${pen ? 'L' : 'M'}${round(x(i))},${round(y(v))}`;
    pen = true;
  });
  return d;
}

function el(tag, attrs = {}, text = null) {
  const node = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value !== null && value !== undefined) node.setAttribute(name, String(value));
  }
  if (text !== null) node.textContent = text;
  return node;
}

/**
 * A line chart as an <svg role="img"> with its own <title> and <desc>.
 *
 * @param {{width?: number, height?: number, count: number,
 *   series: {key: string, label: string, color: string, values: (number|null)[], dashed?: boolean}[],
 *   xLabels?: {index: number, text: string}[], marker?: number | null, formatY?: (v: number) => string,
 *   title: string, desc?: string}} options
 * @returns {SVGSVGElement}
 */
export function lineChart({
  width = 360, height = 200, count, series, xLabels = [], marker = null,
  formatY = String, title, desc = '',
}) {
  const max = Math.max(0, ...series.flatMap((s) => s.values.filter(Number.isFinite)));
  const ticks = niceTicks(max);
  const top = ticks[ticks.length - 1];
  const { plot, x, y } = chartScales({ width, height, count, top });
  const svg = el('svg', {
    viewBox: `0 0 ${width} ${height}`,
    role: 'img',
    class: 'line-chart',
    preserveAspectRatio: 'xMidYMid meet',
  });
  svg.append(el('title', {}, title));
  if (desc) svg.append(el('desc', {}, desc));

  const axes = el('g', { class: 'chart-axes', 'aria-hidden': 'true' });
  for (const v of ticks) {
    axes.append(el('line', { x1: plot.left, x2: plot.right, y1: round(y(v)), y2: round(y(v)), class: 'chart-grid' }));
    axes.append(el('text', { x: plot.left - 4, y: round(y(v)), class: 'chart-y', 'text-anchor': 'end', 'dominant-baseline': 'middle' }, formatY(v)));
  }
  for (const { index, text } of xLabels) {
    axes.append(el('line', { x1: round(x(index)), x2: round(x(index)), y1: plot.bottom, y2: plot.bottom + 4, class: 'chart-tick' }));
    axes.append(el('text', { x: round(x(index)), y: plot.bottom + 15, class: 'chart-x', 'text-anchor': 'middle' }, text));
  }
  svg.append(axes);

  if (marker !== null && marker >= 0 && marker < count) {
    svg.append(el('line', {
      x1: round(x(marker)), x2: round(x(marker)), y1: plot.top, y2: plot.bottom,
      class: 'chart-marker', 'data-index': marker, 'aria-hidden': 'true',
    }));
  }
  const lines = el('g', { class: 'chart-lines', 'aria-hidden': 'true' });
  for (const s of series) {
    lines.append(el('path', {
      d: linePath(s.values, x, y),
      fill: 'none',
      stroke: s.color,
      'stroke-width': 1.6,
      'stroke-linejoin': 'round',
      'stroke-dasharray': s.dashed ? '4 3' : null,
      'data-key': s.key,
    }));
  }
  svg.append(lines);
  if (marker !== null && marker >= 0 && marker < count) {
    const dots = el('g', { class: 'chart-dots', 'aria-hidden': 'true' });
    for (const s of series) {
      const v = s.values[marker];
      if (Number.isFinite(v)) dots.append(el('circle', { cx: round(x(marker)), cy: round(y(v)), r: 2.8, fill: s.color }));
    }
    svg.append(dots);
  }
  return svg;
}
