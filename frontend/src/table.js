/**
 * The table alternative of the map (#table-view): every Prague Process state with the value the map
 * colours it by (country, value, unit, year), or its group in the group view. Sortable by column
 * headings (buttons, `aria-sort`), every country a button that opens its profile. The same values as
 * the map: main.js hands over the map's own Map iso3 -> value.
 */
import { h } from './dom.js';
import { formatNumber, formatYear, isMissing } from './format.js';
import { compareText, getLang, groupName, localName, t, unitName } from './i18n.js';
import { downloads, sourceLine } from './legend.js';

/**
 * Rows in the order `sort` asks for: 'name' | '-name' | 'value' | '-value' (group in the group
 * view). Missing values always go last; ties by name. Pure.
 * @param {Array<{iso3: string, name: string, value?: number, group?: string}>} rows
 */
export function sortRows(rows, sort, mode = 'indicator') {
  const desc = sort.startsWith('-');
  const key = sort.replace(/^-/, '');
  const byName = (a, b) => compareText(a.name, b.name);
  const out = [...rows];
  if (key === 'name') return out.sort((a, b) => (desc ? -1 : 1) * byName(a, b));
  if (mode === 'group') {
    return out.sort((a, b) => (desc ? -1 : 1) * compareText(groupName(a.group), groupName(b.group)) || byName(a, b));
  }
  return out.sort((a, b) => {
    const ma = isMissing(a.value);
    const mb = isMissing(b.value);
    if (ma || mb) return ma === mb ? byName(a, b) : ma ? 1 : -1;
    return (desc ? b.value - a.value : a.value - b.value) || byName(a, b);
  });
}

/** The next order when a column heading is pressed: names A-Z first, values highest first. */
export function nextSort(current, column) {
  if (current.replace(/^-/, '') === column) return current.startsWith('-') ? column : `-${column}`;
  return column === 'name' ? 'name' : `-${column}`;
}

export function createTable(root, { onSelect, onSort }) {
  let lastSort = null;
  let focusColumn = null;

  /**
   * @param {{mode: 'indicator' | 'group', indicator?: object, year?: number, values: Map<string, number>,
   *   countries: Array<object>, sort: string}} view countries: the scope states (iso3, name_en,
   *   name_ru, pp_group)
   */
  function render({ mode, indicator, year, values, countries, sort }) {
    const rows = countries.map((c) => ({ iso3: c.iso3, name: localName(c), value: values.get(c.iso3), group: c.pp_group }));
    const sorted = sortRows(rows, sort, mode);
    const active = sort.replace(/^-/, '');
    const ariaSort = (column) => (active === column ? (sort.startsWith('-') ? 'descending' : 'ascending') : null);
    const heading = (column, label, extra = {}) => {
      const button = h('button', { type: 'button', class: 'sort', 'data-sort': column }, label,
        h('span', { class: 'sort-mark', 'aria-hidden': 'true' }, active === column ? (sort.startsWith('-') ? ' ▼' : ' ▲') : ''));
      button.addEventListener('click', () => {
        focusColumn = column;
        onSort(nextSort(sort, column));
      });
      return h('th', { scope: 'col', 'aria-sort': ariaSort(column), ...extra }, button);
    };
    const country = (row) => {
      const button = h('button', { type: 'button', class: 'country-link', 'data-iso3': row.iso3 }, row.name);
      button.addEventListener('click', () => onSelect(row.iso3));
      return h('th', { scope: 'row' }, button);
    };

    let head;
    let body;
    let caption;
    if (mode === 'group') {
      caption = t('table.captionGroups');
      head = [heading('name', t('table.country')), heading('value', t('table.group'))];
      body = sorted.map((row) => h('tr', { 'data-iso3': row.iso3 }, country(row),
        h('td', { 'data-group': row.group ?? '' }, groupName(row.group) || '—')));
    } else {
      caption = t('table.caption', { indicator: localName(indicator), year: formatYear(year) });
      const unit = unitName(indicator.unit);
      head = [heading('name', t('table.country')), heading('value', t('table.value'), { class: 'num' }),
        h('th', { scope: 'col' }, t('table.unit')), h('th', { scope: 'col', class: 'num' }, t('table.year'))];
      body = sorted.map((row) => {
        const missing = isMissing(row.value);
        const value = missing
          ? h('td', { class: 'num nodata' }, t('value.noData'))
          : h('td', { class: 'num', 'data-value': String(row.value) }, formatNumber(row.value));
        return h('tr', { 'data-iso3': row.iso3 }, country(row), value,
          h('td', { class: 'unit' }, missing ? '' : unit), h('td', { class: 'num' }, formatYear(year)));
      });
    }
    const count = mode === 'group' ? null
      : h('p', { class: 'table-count' }, t('table.count', { count: rows.filter((r) => !isMissing(r.value)).length, total: rows.length }));
    root.replaceChildren(
      h('table', { class: 'data-table' },
        h('caption', { id: 'table-caption' }, caption),
        h('thead', {}, h('tr', {}, ...head)),
        h('tbody', {}, ...body)),
      h('p', { class: 'table-hint' }, t('table.sortHint')),
      count,
      mode === 'group' ? null : sourceLine(indicator),
      mode === 'group' ? null : downloads(indicator, year),
    );
    Object.assign(root.dataset, { mode, sort, lang: getLang(), year: mode === 'group' ? '' : String(year) });
    root.dataset.indicator = mode === 'group' ? '' : indicator.code;
    // Keep the keyboard focus on the heading that was pressed (the table was rebuilt).
    if (focusColumn && lastSort !== sort) root.querySelector(`button[data-sort="${focusColumn}"]`)?.focus();
    focusColumn = null;
    lastSort = sort;
  }

  return { render };
}
