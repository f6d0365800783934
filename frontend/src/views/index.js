/**
 * The views besides the indicator view, in the order of their tabs. Each module under ./views/
 * default-exports a view definition (see ../../README.md, "Views"):
 *
 *   { id: 'routes', label: 'nav.routes', create(ctx) -> { enter(params), leave(), relabel(),
 *     params(), onCountryClick?(iso3), hoverInfo?(hit) } }
 *
 * Add a view by importing it here and listing it in VIEWS.
 */
export const VIEWS = [];
import compare from './compare.js';

VIEWS.push(compare);
import edit from './edit.js';

VIEWS.push(edit);
import toolbox from './toolbox.js';

VIEWS.push(toolbox);
import flows from './flows.js';

VIEWS.push(flows);
import routes from './routes.js';

VIEWS.push(routes);
