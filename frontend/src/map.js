/**
 * The MapLibre map: an inline style with no glyphs, sprite or tiles (nothing is fetched from a
 * third party), one GeoJSON source of country polygons, a fill and an outline layer.
 */
import * as maplibregl from 'maplibre-gl';
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';
import 'maplibre-gl/dist/maplibre-gl.css';
import { CONTEXT } from './classify.js';

// The worker is emitted by Vite as a file of our own build, served by the gateway like the rest.
maplibregl.setWorkerUrl(workerUrl);

const SEA = '#d6e8f2';
/** Europe and Central Asia: lon -25..90, lat 34..72. */
export const INITIAL_BOUNDS = [[-25, 34], [90, 72]];
const EMPTY = { type: 'FeatureCollection', features: [] };

const style = {
  version: 8,
  sources: { countries: { type: 'geojson', data: EMPTY, promoteId: 'iso3' } },
  layers: [
    { id: 'background', type: 'background', paint: { 'background-color': SEA } },
    {
      id: 'countries-fill',
      type: 'fill',
      source: 'countries',
      paint: {
        'fill-color': ['case', ['==', ['get', 'role'], 'scope'], '#ffffff', CONTEXT],
        'fill-opacity': ['case', ['boolean', ['feature-state', 'hover'], false], 0.8, 1],
      },
    },
    {
      id: 'countries-line',
      type: 'line',
      source: 'countries',
      paint: {
        'line-color': [
          'case',
          ['boolean', ['feature-state', 'selected'], false], '#1b2a41',
          ['boolean', ['feature-state', 'hover'], false], '#1b2a41',
          ['==', ['get', 'role'], 'scope'], '#ffffff',
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
  ],
};

export function createMap(container) {
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
  });
  map.touchZoomRotate.disableRotation();
  map.keyboard.disableRotation();
  map.addControl(new maplibregl.NavigationControl({ showCompass: false }), 'top-right');
  map.getCanvas().setAttribute('aria-label', 'Map of the Prague Process states');
  return map;
}

export function setCountries(map, geojson) {
  map.getSource('countries').setData(geojson);
}

export function setFillColor(map, expression) {
  map.setPaintProperty('countries-fill', 'fill-color', expression);
}

/**
 * Hover and click on countries. `onHover(feature | null, point)` for any country,
 * `onSelect(iso3)` for a click on a scope country.
 */
export function bindInteractions(map, { onHover, onSelect }) {
  let hovered = null;
  const setHover = (id) => {
    if (hovered === id) return;
    if (hovered) map.setFeatureState({ source: 'countries', id: hovered }, { hover: false });
    hovered = id;
    if (hovered) map.setFeatureState({ source: 'countries', id: hovered }, { hover: true });
  };
  map.on('mousemove', 'countries-fill', (e) => {
    const feature = e.features?.[0];
    const scope = feature?.properties.role === 'scope';
    map.getCanvas().style.cursor = scope ? 'pointer' : '';
    setHover(scope ? feature.properties.iso3 : null);
    onHover(feature ?? null, e.point);
  });
  map.on('mouseleave', 'countries-fill', () => {
    map.getCanvas().style.cursor = '';
    setHover(null);
    onHover(null);
  });
  map.on('click', 'countries-fill', (e) => {
    const feature = e.features?.[0];
    if (feature?.properties.role === 'scope') onSelect(feature.properties.iso3);
  });
}

let selected = null;
export function setSelected(map, iso3) {
  if (selected) map.setFeatureState({ source: 'countries', id: selected }, { selected: false });
  selected = iso3;
  if (selected) map.setFeatureState({ source: 'countries', id: selected }, { selected: true });
}
