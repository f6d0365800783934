/**
 * The toolbox view on the map: one fill layer on the tiles' `countries` (below the boundaries)
 * colouring the countries the result set takes part in, or on a detail page the record's
 * countries by role; and its legend in the panel.
 */
import { h } from '../dom.js';
import { t } from '../i18n.js';
import { setSelected } from '../map.js';
import { LAYERS, SOURCE } from '../style.js';
import { ROLE_COLOURS, countryRoles, hitClasses, hitFillExpression } from './toolbox-model.js';

export const LAYER = 'toolbox-hits';

export function addHitsLayer(map) {
  if (map.getLayer(LAYER)) return;
  map.addLayer({
    id: LAYER,
    type: 'fill',
    source: SOURCE,
    'source-layer': 'countries',
    paint: { 'fill-color': 'rgba(0, 0, 0, 0)', 'fill-opacity': 0.85 },
  }, map.getLayer(LAYERS.line) ? LAYERS.line : undefined);
}

export function removeHitsLayer(map) {
  if (map.getLayer(LAYER)) map.removeLayer(LAYER);
  setSelected(map, null);
}

/**
 * A detail's countries: an initiative's by role; where a practice was applied; a strategy's
 * country and where the practices it builds on were applied. Null without a record.
 */
export function detailRoles(detail) {
  const record = detail?.record;
  if (!record) return null;
  if (detail.item.type === 'initiative') return countryRoles(record.countries);
  if (detail.item.type === 'practice') return new Map(record.countries.map((c) => [c, 'applied']));
  const roles = new Map();
  for (const o of record.objectives) {
    for (const r of o.recommendations) for (const p of r.practices) for (const c of p.countries) roles.set(c, 'applied');
  }
  roles.set(record.country, 'strategy');
  return roles;
}

/** What a role's colour means, for the legend and the tooltip (`strategyCountry` on a strategy). */
export function roleLabel(kind, strategyCountry = null) {
  return {
    implementer: t('toolbox.field.implementers'),
    partner: t('toolbox.field.partners'),
    applied: strategyCountry ? t('toolbox.map.appliedStrategy') : t('toolbox.map.appliedPractice'),
    strategy: t('toolbox.strategyOf', { country: strategyCountry }),
  }[kind];
}

/** Colours the map for the result set (`counts`) or a detail (`roles`), outlines a strategy's country. */
export function drawHits(map, { counts, roles, selected = null }) {
  addHitsLayer(map);
  map.setPaintProperty(LAYER, 'fill-color', hitFillExpression(roles ? { roles } : { counts }));
  setSelected(map, selected);
}

/** The legend in the panel: the classes by number of results, or the roles of a detail. */
export function renderLegend(legend, { counts, roles, strategyCountry }) {
  const swatch = (colour) => h('span', { class: 'tb-swatch', style: `background:${colour}`, 'aria-hidden': 'true' });
  if (roles) {
    const kinds = [...new Set(roles.values())];
    legend.replaceChildren(h('p', { class: 'tb-legend-title' }, t('toolbox.map.legendDetail')),
      h('ul', {}, ...kinds.map((k) => h('li', { 'data-role': k }, swatch(ROLE_COLOURS[k]), roleLabel(k, strategyCountry)))));
    legend.dataset.mode = 'detail';
  } else {
    const classes = hitClasses(counts);
    legend.replaceChildren(h('p', { class: 'tb-legend-title' }, t('toolbox.map.legend')),
      h('ul', {}, ...classes.map((c, i) => h('li', { 'data-class': i, 'data-min': c.min, 'data-max': c.max },
        swatch(c.colour), t('toolbox.map.class', { min: c.min, max: c.max })))));
    legend.dataset.mode = 'results';
    legend.dataset.countries = String(counts.size);
  }
}
