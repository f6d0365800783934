import assert from 'node:assert/strict';
import { test } from 'node:test';
import { validateStyleMin } from '@maplibre/maplibre-gl-style-spec';
import { CONTEXT } from '../src/classify.js';
import {
  FONT_BOLD, FONT_REGULAR, GROUPS, LAYERS, OTHER_ROUTE, ROUTE_COLORS, SOURCE, TILEJSON_PATH,
  buildStyle, groupFillExpression, nameField, routeColor, styleUrls,
} from '../src/style.js';

const ORIGIN = 'http://127.0.0.1:8080';
const face = (name) => [{ url: `${ORIGIN}/assets/${name}.woff2`, 'unicode-range': ['U+0000-00FF'] }];
const style = buildStyle({
  tilejson: `${ORIGIN}${TILEJSON_PATH}`,
  fontFaces: { [FONT_REGULAR]: face('regular'), [FONT_BOLD]: face('bold') },
});
// The layers of map-api's web-map tileset (services/map-api/src/map_api/tiles/layers.py, BASEMAP).
const TILE_LAYERS = ['countries', 'country-labels', 'capitals', 'routes', 'crossing-points'];

test('the style is valid for MapLibre', () => {
  assert.deepEqual(validateStyleMin(style), []);
  assert.deepEqual(validateStyleMin(buildStyle({ tilejson: `${ORIGIN}${TILEJSON_PATH}`, lang: 'ru' })), []);
});

test('one vector source, map-api TileJSON through the gateway; no glyphs, sprite or other host', () => {
  assert.deepEqual(Object.keys(style.sources), [SOURCE]);
  assert.equal(style.sources[SOURCE].type, 'vector');
  assert.equal(style.sources[SOURCE].url, `${ORIGIN}/api/map/v1/tiles/WebMercatorQuad/tilejson.json`);
  assert.equal(style.glyphs, undefined);
  assert.equal(style.sprite, undefined);
  const urls = styleUrls(style);
  assert.equal(urls.length, 3);
  for (const url of urls) assert.equal(new URL(url).origin, ORIGIN, url);
});

test('every layer draws a layer of the tileset; countries carry their ISO3 as feature id', () => {
  for (const layer of style.layers.filter((l) => l.type !== 'background')) {
    assert.equal(layer.source, SOURCE, layer.id);
    assert.ok(TILE_LAYERS.includes(layer['source-layer']), `${layer.id}: ${layer['source-layer']}`);
  }
  const drawn = new Set(style.layers.map((l) => l['source-layer']));
  for (const name of TILE_LAYERS) assert.ok(drawn.has(name), `${name} is not drawn`);
  assert.equal(style.sources[SOURCE].promoteId.countries, 'iso3');
  const byId = Object.fromEntries(style.layers.map((l) => [l.id, l]));
  assert.equal(byId[LAYERS.fill].type, 'fill');
  assert.equal(byId[LAYERS.routes].type, 'line');
  assert.equal(byId[LAYERS.points].type, 'circle');
  assert.equal(byId[LAYERS.labels].type, 'symbol');
});

test('labels use only the declared fonts', () => {
  const fonts = new Set();
  for (const layer of style.layers.filter((l) => l.type === 'symbol')) {
    JSON.stringify(layer.layout['text-font'], (key, value) => {
      if (typeof value === 'string' && value.startsWith('Noto')) fonts.add(value);
      return value;
    });
  }
  assert.deepEqual([...fonts].sort(), [FONT_REGULAR, FONT_BOLD].sort());
  for (const font of fonts) assert.ok(style['font-faces'][font], font);
});

test('names in English, or in Russian where the tiles have them', () => {
  assert.deepEqual(nameField('en'), ['get', 'name']);
  assert.deepEqual(nameField('ru'), ['coalesce', ['get', 'name_ru'], ['get', 'name']]);
  const labels = buildStyle({ tilejson: 'x', lang: 'ru' }).layers.find((l) => l.id === LAYERS.labels);
  assert.deepEqual(labels.layout['text-field'], nameField('ru'));
});

test('routes coloured by slug, crossing points by their route; unknown routes grey', () => {
  const expr = routeColor('route');
  assert.equal(expr[0], 'match');
  assert.deepEqual(expr[1], ['get', 'route']);
  assert.equal(expr.at(-1), OTHER_ROUTE);
  assert.equal(new Set(ROUTE_COLORS.map(([, c]) => c)).size, ROUTE_COLORS.length, 'route colours differ');
  const points = style.layers.find((l) => l.id === LAYERS.points);
  assert.deepEqual(points.paint['circle-color'], routeColor('route'));
});

test('group view: each Prague Process group its own colour, neighbours muted', () => {
  const expr = groupFillExpression();
  assert.deepEqual(expr.slice(0, 2), ['case', ['==', ['get', 'role'], 'scope']]);
  assert.equal(expr[3], CONTEXT);
  assert.equal(new Set(GROUPS.map(([, c]) => c)).size, GROUPS.length);
  assert.ok(!GROUPS.some(([, c]) => c === CONTEXT));
});
