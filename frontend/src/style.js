/**
 * The MapLibre style of the map (pure, no DOM): one vector source, map-api's multi-layer tileset
 * described by its TileJSON, drawn as the basemap (countries, boundaries, labels) and the data
 * layers (routes, crossing points, capitals). Labels use the fonts declared in `font-faces` (files
 * of our own build, drawn by the browser); the style names no glyph, sprite or third-party URL.
 */
import { CONTEXT, NO_DATA } from './classify.js';

/** map-api's web-map tileset through the gateway (layers countries, country-labels, capitals, routes, crossing-points). */
export const TILEJSON_PATH = '/api/map/v1/tiles/WebMercatorQuad/tilejson.json';
export const SOURCE = 'imap';
export const SEA = '#d6e8f2';
const INK = '#1b2a41';
const HALO = 'rgba(255, 255, 255, 0.9)';

export const FONT_REGULAR = 'Noto Sans Regular';
export const FONT_BOLD = 'Noto Sans SemiBold';

/** Prague Process groups (pp_group in the tiles), each with a light fill for the group view. */
export const GROUPS = [
  ['EU27', '#a6cee3'],
  ['Schengen-associated', '#8dd3c7'],
  ['Western Balkans', '#b2df8a'],
  ['Eastern Partnership', '#cab2d6'],
  ['Central Asia', '#fdd49e'],
  ['Russia', '#fccde5'],
  ['Turkey', '#ffffb3'],
  ['United Kingdom', '#d9d9d9'],
];
const OTHER_GROUP = '#e5f0d8';

/** Route slug -> line colour: dark hues that stand out from the choropleth's oranges and reds. */
export const ROUTE_COLORS = [
  ['eastern-borders', '#1f5fa8'],
  ['western-balkans', '#6a3d9a'],
  ['black-sea', '#00777a'],
  ['albania-greece-circular', '#c51b7d'],
  ['eastern-mediterranean', '#2b8a3e'],
  ['central-mediterranean', '#5c4a1d'],
  ['western-mediterranean', '#4d6b8a'],
];
export const OTHER_ROUTE = '#555555';

export const LAYERS = {
  fill: 'countries-fill',
  line: 'countries-line',
  routes: 'routes',
  points: 'crossing-points',
  capitals: 'capitals',
  labels: 'country-labels',
};

/** Symbol layers that show a `name` (and `name_ru`) of the tiles; capitals have English names only. */
export const LABEL_LAYERS = ['country-labels', 'route-labels', 'crossing-point-labels'];

const isScope = ['==', ['get', 'role'], 'scope'];

const matchOn = (property, pairs, fallback) => [
  'match', ['get', property], ...pairs.flatMap(([key, color]) => [key, color]), fallback,
];

export const routeColor = (property = 'slug') => matchOn(property, ROUTE_COLORS, OTHER_ROUTE);

/** Fill of the group view: each Prague Process state in its group's colour, neighbours muted. */
export function groupFillExpression() {
  return ['case', isScope, matchOn('pp_group', GROUPS, OTHER_GROUP), CONTEXT];
}

/** The name to show: `name_ru` where the tiles carry it and the page is in Russian. */
export function nameField(lang = 'en') {
  return lang === 'ru' ? ['coalesce', ['get', 'name_ru'], ['get', 'name']] : ['get', 'name'];
}

const byZoom = (...stops) => ['interpolate', ['linear'], ['zoom'], ...stops];

/**
 * @param {{tilejson: string, fontFaces?: object, lang?: string}} options
 *   tilejson: absolute URL of the TileJSON (our origin); fontFaces: the `font-faces` declaration.
 */
export function buildStyle({ tilejson, fontFaces = {}, lang = 'en' }) {
  const name = nameField(lang);
  return {
    version: 8,
    ...(Object.keys(fontFaces).length ? { 'font-faces': fontFaces } : {}),
    sources: {
      [SOURCE]: {
        type: 'vector',
        url: tilejson,
        // Feature ids for hover/selection state: countries by ISO3, routes and points by slug.
        promoteId: { countries: 'iso3', 'country-labels': 'iso3', routes: 'slug', 'crossing-points': 'slug' },
      },
    },
    layers: [
      { id: 'background', type: 'background', paint: { 'background-color': SEA } },
      {
        id: LAYERS.fill,
        type: 'fill',
        source: SOURCE,
        'source-layer': 'countries',
        paint: {
          // Replaced by the choropleth (or the group view) once the data is in.
          'fill-color': ['case', isScope, NO_DATA, CONTEXT],
          'fill-opacity': ['case', ['boolean', ['feature-state', 'hover'], false], 0.8, 1],
        },
      },
      {
        id: LAYERS.line,
        type: 'line',
        source: SOURCE,
        'source-layer': 'countries',
        paint: {
          'line-color': [
            'case',
            ['boolean', ['feature-state', 'selected'], false], INK,
            ['boolean', ['feature-state', 'hover'], false], INK,
            isScope, '#ffffff',
            '#d2cfc8',
          ],
          'line-width': [
            'case',
            ['boolean', ['feature-state', 'selected'], false], 2.5,
            ['boolean', ['feature-state', 'hover'], false], 1.5,
            0.6,
          ],
        },
      },
      {
        id: 'routes-casing',
        type: 'line',
        source: SOURCE,
        'source-layer': 'routes',
        layout: { 'line-join': 'round', 'line-cap': 'round' },
        paint: { 'line-color': '#ffffff', 'line-opacity': 0.85, 'line-width': byZoom(2, 4, 4, 5.5, 8, 8) },
      },
      {
        id: LAYERS.routes,
        type: 'line',
        source: SOURCE,
        'source-layer': 'routes',
        layout: { 'line-join': 'round', 'line-cap': 'round' },
        paint: {
          'line-color': routeColor('slug'),
          'line-width': byZoom(2, 2, 4, 3, 8, 5),
          // Sea legs dashed, land and mixed routes solid.
          'line-dasharray': ['match', ['get', 'kind'], 'sea', ['literal', [2, 1.5]], ['literal', [1, 0]]],
        },
      },
      {
        id: LAYERS.capitals,
        type: 'circle',
        source: SOURCE,
        'source-layer': 'capitals',
        minzoom: 4,
        paint: {
          'circle-radius': byZoom(4, 2, 8, 3.5),
          'circle-color': '#ffffff',
          'circle-stroke-color': INK,
          'circle-stroke-width': 1.2,
        },
      },
      {
        id: LAYERS.points,
        type: 'circle',
        source: SOURCE,
        'source-layer': 'crossing-points',
        paint: {
          'circle-radius': byZoom(2, 3.5, 4, 4.5, 8, 7),
          'circle-color': routeColor('route'),
          'circle-stroke-color': '#ffffff',
          'circle-stroke-width': 1.5,
        },
      },
      {
        id: 'route-labels',
        type: 'symbol',
        source: SOURCE,
        'source-layer': 'routes',
        minzoom: 5,
        layout: {
          'symbol-placement': 'line',
          'text-field': name,
          'text-font': [FONT_REGULAR],
          'text-size': 12,
          'symbol-spacing': 400,
        },
        paint: { 'text-color': routeColor('slug'), 'text-halo-color': HALO, 'text-halo-width': 1.5 },
      },
      {
        id: 'capital-labels',
        type: 'symbol',
        source: SOURCE,
        'source-layer': 'capitals',
        minzoom: 5,
        layout: {
          'text-field': ['get', 'name'],
          'text-font': [FONT_REGULAR],
          'text-size': 11,
          'text-anchor': 'top',
          'text-offset': [0, 0.5],
          'text-optional': true,
        },
        paint: { 'text-color': '#3d4a5c', 'text-halo-color': HALO, 'text-halo-width': 1.2 },
      },
      {
        id: 'crossing-point-labels',
        type: 'symbol',
        source: SOURCE,
        'source-layer': 'crossing-points',
        minzoom: 6,
        layout: {
          'text-field': name,
          'text-font': [FONT_REGULAR],
          'text-size': 11,
          'text-anchor': 'left',
          'text-offset': [0.8, 0],
          'text-optional': true,
        },
        paint: { 'text-color': INK, 'text-halo-color': HALO, 'text-halo-width': 1.2 },
      },
      {
        id: LAYERS.labels,
        type: 'symbol',
        source: SOURCE,
        'source-layer': 'country-labels',
        layout: {
          'text-field': name,
          'text-font': ['case', isScope, ['literal', [FONT_BOLD]], ['literal', [FONT_REGULAR]]],
          'text-size': byZoom(2, ['case', isScope, 9, 8], 4, ['case', isScope, 12, 10], 7, ['case', isScope, 16, 13]),
          'text-max-width': 7,
          'text-padding': 2,
          // Prague Process states win a collision against neighbours.
          'symbol-sort-key': ['case', isScope, 0, 1],
        },
        paint: {
          'text-color': ['case', isScope, INK, '#7b7b7b'],
          'text-halo-color': HALO,
          'text-halo-width': 1.4,
        },
      },
    ],
  };
}

/** Every URL a style makes the map fetch: sources, glyphs, sprite, font files. */
export function styleUrls(style) {
  const urls = [];
  for (const source of Object.values(style.sources ?? {})) {
    if (source.url) urls.push(source.url);
    urls.push(...(source.tiles ?? []));
  }
  if (style.glyphs) urls.push(style.glyphs);
  if (style.sprite) urls.push(...[style.sprite].flat().map((s) => s.url ?? s));
  for (const faces of Object.values(style['font-faces'] ?? {})) {
    urls.push(...[faces].flat().map((f) => f.url ?? f));
  }
  return urls;
}
