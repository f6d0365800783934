/**
 * The MapLibre map: map-api's vector tiles (through the gateway) as the basemap and the data
 * layers, with the style of ./style.js and the self-hosted label fonts of ./fonts.js. Nothing is
 * fetched from a third party.
 */
import * as maplibregl from 'maplibre-gl';
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';
import 'maplibre-gl/dist/maplibre-gl.css';
import { fontFaces } from './fonts.js';
import { LABEL_LAYERS, LAYERS, SOURCE, TILEJSON_PATH, buildStyle, nameField } from './style.js';

// The worker is emitted by Vite as a file of our own build, served by the gateway like the rest.
maplibregl.setWorkerUrl(workerUrl);

/** Europe and Central Asia: lon -25..90, lat 34..72. */
export const INITIAL_BOUNDS = [[-25, 34], [90, 72]];

export function createMap(container, { lang = 'en' } = {}) {
  const style = buildStyle({
    tilejson: new URL(TILEJSON_PATH, window.location.origin).href,
    fontFaces: fontFaces(),
    lang,
  });
  const map = new maplibregl.Map({
    container,
    style,
    bounds: INITIAL_BOUNDS,
    fitBoundsOptions: { padding: 16 },
    attributionControl: false, // the page footer carries the attribution
    dragRotate: false,
    pitchWithRotate: false,
    touchPitch: false,
    maxPitch: 0,
    minZoom: 1,
    maxZoom: 12,
  });
  map.touchZoomRotate.disableRotation();
  map.keyboard.disableRotation();
  map.addControl(new maplibregl.NavigationControl({ showCompass: false }), 'top-right');
  return map;
}

/** Labels in `lang`: country, route and crossing-point names switch to `name_ru` in Russian. */
export function setLabelLanguage(map, lang) {
  for (const id of LABEL_LAYERS) {
    if (map.getLayer(id)) map.setLayoutProperty(id, 'text-field', nameField(lang));
  }
}

export function setFillColor(map, expression) {
  map.setPaintProperty(LAYERS.fill, 'fill-color', expression);
}

const country = (id) => ({ source: SOURCE, sourceLayer: 'countries', id });

/**
 * Hover and click. `onHover(info | null, point)` with info {kind: 'country' | 'route' | 'point',
 * properties} for what is under the pointer (a crossing point or route before the country below),
 * `onSelect(iso3)` for a click on a Prague Process state.
 */
export function bindInteractions(map, { onHover, onSelect }) {
  let hovered = null;
  const setHover = (id) => {
    if (hovered === id) return;
    if (hovered) map.setFeatureState(country(hovered), { hover: false });
    hovered = id;
    if (hovered) map.setFeatureState(country(hovered), { hover: true });
  };
  const kinds = { [LAYERS.points]: 'point', [LAYERS.routes]: 'route', [LAYERS.fill]: 'country' };
  const layers = Object.keys(kinds);
  const topmost = (point) => {
    // Routes are thin: look a few pixels around the pointer for them and for points.
    const box = [[point.x - 4, point.y - 4], [point.x + 4, point.y + 4]];
    const near = map.queryRenderedFeatures(box, { layers: [LAYERS.points, LAYERS.routes] });
    return near[0] ?? map.queryRenderedFeatures(point, { layers: [LAYERS.fill] })[0] ?? null;
  };
  map.on('mousemove', (e) => {
    if (!layers.every((id) => map.getLayer(id))) return;
    const feature = topmost(e.point);
    const kind = feature ? kinds[feature.layer.id] : null;
    const scope = kind === 'country' && feature.properties.role === 'scope';
    map.getCanvas().style.cursor = scope ? 'pointer' : '';
    setHover(scope ? feature.properties.iso3 : null);
    onHover(feature ? { kind, properties: feature.properties } : null, e.point);
  });
  map.getCanvas().addEventListener('mouseleave', () => {
    map.getCanvas().style.cursor = '';
    setHover(null);
    onHover(null);
  });
  map.on('click', LAYERS.fill, (e) => {
    const feature = e.features?.[0];
    if (feature?.properties.role === 'scope') onSelect(feature.properties.iso3);
  });
}

let selected = null;
export function setSelected(map, iso3) {
  if (selected) map.setFeatureState(country(selected), { selected: false });
  selected = iso3;
  if (selected) map.setFeatureState(country(selected), { selected: true });
}
