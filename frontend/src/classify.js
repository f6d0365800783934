/** Quantile classification and the MapLibre colour expression of the choropleth (pure, no DOM). */

/** Sequential ramp (ColorBrewer OrRd, 5 classes): light = low, dark = high. */
export const RAMP = ['#fef0d9', '#fdcc8a', '#fc8d59', '#e34a33', '#b30000'];
export const NO_DATA = '#b8b8b8';
export const CONTEXT = '#ebe9e4';

/**
 * Splits values into `k` quantile classes by rank: the i-th of n sorted values goes to class
 * floor(i * k / n), and equal values always share the class of the first of them. Empty classes are
 * dropped, so few distinct values give fewer classes; each class keeps the ramp colour of its
 * quantile position. Returns [{min, max, count, color}] from low to high.
 */
export function quantileClasses(values, k = RAMP.length) {
  const sorted = values.filter(Number.isFinite).sort((a, b) => a - b);
  const members = Array.from({ length: k }, () => []);
  let current = 0;
  sorted.forEach((v, i) => {
    if (i === 0 || v !== sorted[i - 1]) current = Math.floor((i * k) / sorted.length);
    members[current].push(v);
  });
  return members.flatMap((m, i) => (m.length
    ? [{ min: m[0], max: m[m.length - 1], count: m.length, color: RAMP[Math.round((i * (RAMP.length - 1)) / Math.max(k - 1, 1))] }]
    : []));
}

/** Index of the class that holds `value`, or -1. */
export function classOf(classes, value) {
  if (!Number.isFinite(value)) return -1;
  for (let i = classes.length - 1; i >= 0; i--) if (value >= classes[i].min) return i;
  return -1;
}

/**
 * The fill-color expression: context countries muted, scope countries by class of their value,
 * scope countries without a value in the "no data" grey.
 * @param {Map<string, number>} values iso3 -> value
 */
export function fillColorExpression(values, classes) {
  const byColor = new Map();
  for (const [iso3, value] of values) {
    const i = classOf(classes, value);
    if (i < 0) continue;
    const color = classes[i].color;
    if (!byColor.has(color)) byColor.set(color, []);
    byColor.get(color).push(iso3);
  }
  const scope = byColor.size
    ? ['match', ['get', 'iso3'], ...[...byColor].flatMap(([color, isos]) => [isos, color]), NO_DATA]
    : NO_DATA;
  return ['case', ['==', ['get', 'role'], 'scope'], scope, CONTEXT];
}
