// The journal page's arithmetic and filters, kept apart from the page so they can be tested without a browser.

export const TYPES = ['POINTS_EARNED', 'POINTS_REVERSED', 'POINTS_REDEEMED', 'POINTS_RECALCULATED', 'POINTS_ACTIVATED',
  'POINTS_EXPIRED', 'POINTS_ADJUSTED', 'TIER_PROMOTED', 'TIER_DEMOTED'];

/** Pages of `size` holding `total` entries: at least one, so an empty journal reads "page 1 of 1". */
export const pageCount = (total, size) => Math.max(1, Math.ceil(total / size));

/**
 * The journal's query string: page, size, each chosen type, and the dates as instants (a `date` input's day starts
 * at midnight in the browser's zone; `to` is exclusive, so the day after the chosen one).
 */
export function journalQuery({ page, size, types = [], from, to }) {
  const query = new URLSearchParams({ page: String(page), size: String(size) });
  types.forEach((type) => query.append('type', type));
  if (from) {
    query.set('from', startOfDay(from));
  }
  if (to) {
    query.set('to', startOfDay(to, 1));
  }
  return query.toString();
}

function startOfDay(isoDate, plusDays = 0) {
  const [y, m, d] = isoDate.split('-').map(Number);
  return new Date(y, m - 1, d + plusDays).toISOString();
}
