/** The view kept in the URL hash: #indicator=SP.POP.TOTL&year=2020&country=ALB (pure). */

export function parseHash(hash) {
  const params = new URLSearchParams(String(hash).replace(/^#/, ''));
  const year = Number.parseInt(params.get('year') ?? '', 10);
  return {
    indicator: params.get('indicator') || null,
    year: Number.isFinite(year) ? year : null,
    country: params.get('country')?.toUpperCase() || null,
  };
}

export function formatHash({ indicator, year, country }) {
  const params = new URLSearchParams();
  if (indicator) params.set('indicator', indicator);
  if (year) params.set('year', String(year));
  if (country) params.set('country', country);
  return `#${params.toString()}`;
}
