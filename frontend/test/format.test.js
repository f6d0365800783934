import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatNumber, formatShort, formatTheme, formatValue, formatYears } from '../src/format.js';

test('full numbers carry thousands separators and the unit', () => {
  assert.equal(formatValue(2837849, 'persons'), '2,837,849 persons');
  assert.equal(formatValue(-16680, 'persons'), '-16,680 persons');
  assert.equal(formatValue(9.688079357, '% of GDP'), '9.69% of GDP');
  assert.equal(formatNumber(5370.778), '5,371');
});

test('a missing value is "no data", never zero', () => {
  assert.equal(formatValue(null, 'persons'), 'no data');
  assert.equal(formatValue(undefined, 'persons'), 'no data');
  assert.equal(formatValue(Number.NaN, 'persons'), 'no data');
  assert.equal(formatValue(0, 'persons'), '0 persons');
});

test('legend labels are short', () => {
  assert.equal(formatShort(2837849), '2.8M');
  assert.equal(formatShort(145245148), '145.2M');
  assert.equal(formatShort(11.69), '12');
  assert.equal(formatShort(1.74), '1.7');
  assert.equal(formatShort(0.034), '0.03');
});

test('years and themes', () => {
  assert.equal(formatYears(2007, null), 'since 2007');
  assert.equal(formatYears(2007, 2012), '2007–2012');
  assert.equal(formatYears(null, null), '');
  assert.equal(formatTheme('return-readmission'), 'Return readmission');
});

test('in Russian: Intl grouping and decimal comma, units translated, "нет данных"', async () => {
  const { setLang } = await import('../src/i18n.js');
  const { formatMonth, formatYear } = await import('../src/format.js');
  setLang('ru');
  try {
    assert.equal(formatValue(2837849, 'persons'), '2\u00a0837\u00a0849\u00a0чел.');
    assert.equal(formatValue(9.688079357, '% of GDP'), '9,69\u00a0% ВВП');
    assert.equal(formatValue(null, 'persons'), 'нет данных');
    assert.equal(formatShort(2837849), '2,8\u00a0млн');
    assert.equal(formatYear(2020), '2020');
    assert.equal(formatYears(2007, null), 'с 2007 г.');
    assert.equal(formatMonth('2023-05').replace(/\s/g, ' '), 'май 2023 г.'); // ICU picks the space
  } finally {
    setLang('en');
  }
  assert.equal(formatMonth('2023-05'), 'May 2023');
  assert.equal(formatYear(2020), '2020');
});
