/** What the hover tooltip says about a country, route or crossing point of the tiles (pure, no DOM). */
import { formatValue } from './format.js';

const KINDS = { land: 'Land route', sea: 'Sea route', air: 'Air route', mixed: 'Land and sea route' };

/**
 * @param {{kind: 'country' | 'route' | 'point', properties: object}} hit the feature under the pointer
 * @param {{mode: 'indicator' | 'group', values: Map<string, number>, unit?: string, year?: number}} view
 * @returns {{title: string, lines: string[]}}
 */
export function hoverInfo(hit, view) {
  const p = hit.properties;
  if (hit.kind === 'route') {
    return { title: p.name, lines: [`${KINDS[p.kind] ?? 'Route'}, indicative line`] };
  }
  if (hit.kind === 'point') {
    const sides = [p.country_a, p.country_b].filter(Boolean).join(' – ');
    const type = p.type ? `${p.type[0].toUpperCase()}${p.type.slice(1)} crossing point` : 'Crossing point';
    const lines = [sides ? `${type}, ${sides}` : type];
    if (p.approximate === true || p.approximate === 'true') lines.push('Approximate position');
    return { title: p.name, lines };
  }
  if (p.role !== 'scope') return { title: p.name, lines: ['Neighbouring state, outside the Prague Process'] };
  const group = p.pp_group ? `Prague Process: ${p.pp_group}` : 'Prague Process state';
  if (view.mode === 'group') return { title: p.name, lines: [group] };
  return { title: p.name, lines: [`${formatValue(view.values.get(p.iso3), view.unit)} (${view.year})`, group] };
}
