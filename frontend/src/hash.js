/**
 * The view kept in the URL hash (pure): #indicator=SP.POP.TOTL&year=2020&country=ALB, plus
 * `colour=group` when the map is coloured by Prague Process group instead of the indicator.
 */

export function parseHash(hash) {
  const params = new URLSearchParams(String(hash).replace(/^#/, ''));
  const year = Number.parseInt(params.get('year') ?? '', 10);
  return {
    indicator: params.get('indicator') || null,
    year: Number.isFinite(year) ? year : null,
    country: params.get('country')?.toUpperCase() || null,
    colour: params.get('colour') === 'group' ? 'group' : 'indicator',
  };
}

export function formatHash({ indicator, year, country, colour }) {
  const params = new URLSearchParams();
  if (indicator) params.set('indicator', indicator);
  if (year) params.set('year', String(year));
  if (country) params.set('country', country);
  if (colour === 'group') params.set('colour', 'group');
  return `#${params.toString()}`;
}
