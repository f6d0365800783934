/**
 * The views besides the indicator view, in the order of their tabs. Each module under ./views/
 * default-exports a view definition (see ../../README.md, "Views"):
 *
 *   { id: 'routes', label: 'nav.routes', create(ctx) -> { enter(params), leave(), relabel(),
 *     params(), onCountryClick?(iso3), hoverInfo?(hit) } }
 *
 * Add a view by importing it here and listing it in VIEWS (the order of the tabs, after Indicators).
 */
import compare from './compare.js';
import edit from './edit.js';
import flows from './flows.js';
import routes from './routes.js';
import toolbox from './toolbox.js';

export const VIEWS = [routes, flows, toolbox, compare, edit];
