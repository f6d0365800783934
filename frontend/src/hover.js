/** What the hover tooltip says about a country, route or crossing point of the tiles (pure, no DOM). */
import { formatValue, formatYear } from './format.js';
import { getLang, groupName, t } from './i18n.js';

const ROUTE_KINDS = ['land', 'sea', 'air', 'mixed'];
const POINT_TYPES = ['road', 'rail', 'sea', 'air', 'river'];

/** The tiles' name of a feature in the current language (`name_ru` where the tiles carry it). */
export function tileName(p) {
  return (getLang() === 'ru' && p.name_ru) || p.name;
}

/**
 * @param {{kind: 'country' | 'route' | 'point', properties: object}} hit the feature under the pointer
 * @param {{mode: 'indicator' | 'group', values: Map<string, number>, unit?: string, year?: number,
 *   countryName?: (iso3: string) => string}} view
 * @returns {{title: string, lines: string[]}}
 */
export function hoverInfo(hit, view) {
  const p = hit.properties;
  const title = tileName(p);
  if (hit.kind === 'route') {
    const kind = t(`hover.route.${ROUTE_KINDS.includes(p.kind) ? p.kind : 'other'}`);
    return { title, lines: [t('hover.route.line', { kind })] };
  }
  if (hit.kind === 'point') {
    const name = view.countryName ?? ((iso3) => iso3);
    const sides = [p.country_a, p.country_b].filter(Boolean).map(name).join(' – ');
    const type = t(`hover.point.${POINT_TYPES.includes(p.type) ? p.type : 'other'}`);
    const lines = [sides ? `${type}, ${sides}` : type];
    if (p.approximate === true || p.approximate === 'true') lines.push(t('hover.point.approximate'));
    return { title, lines };
  }
  if (p.role !== 'scope') return { title, lines: [t('hover.neighbour')] };
  const group = p.pp_group ? t('hover.group', { group: groupName(p.pp_group) }) : t('hover.scope');
  if (view.mode === 'group') return { title, lines: [group] };
  return { title, lines: [`${formatValue(view.values.get(p.iso3), view.unit)} (${formatYear(view.year)})`, group] };
}
