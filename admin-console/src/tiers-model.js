// The tier table's rules as the contract states them, for showing (the service decides: a save it refuses says why).

/** Active tiers by minSpend, each with the upper end it reaches: its maxSpend, or up to the next active tier. */
export function ranges(tiers) {
  const active = tiers.filter((t) => t.active).sort((a, b) => Number(a.minSpend) - Number(b.minSpend));
  return active.map((tier, i) => {
    const next = active[i + 1];
    const upper = tier.maxSpend ?? (next ? Number(next.minSpend) - 1 : null);
    return { code: tier.code, min: Number(tier.minSpend), max: upper === null ? null : Number(upper) };
  });
}

/**
 * The active tiers that `draft` would overlap if saved as it is: their spend ranges share a value. A tier without
 * maxSpend reaches up to the next active tier, so only an explicit maxSpend or an equal minSpend can overlap.
 */
export function overlapsOf(draft, tiers) {
  if (!draft.active) {
    return [];
  }
  const others = tiers.filter((t) => t.active && t.code !== draft.code);
  const min = Number(draft.minSpend);
  const max = draft.maxSpend === null || draft.maxSpend === undefined || draft.maxSpend === '' ? null : Number(draft.maxSpend);
  return others.filter((other) => {
    const otherMin = Number(other.minSpend);
    const otherMax = other.maxSpend === null || other.maxSpend === undefined ? null : Number(other.maxSpend);
    if (otherMin === min) {
      return true;
    }
    if (otherMin > min) {
      return max !== null && max >= otherMin; // the draft is below: only its explicit end can reach the other
    }
    return otherMax !== null && otherMax >= min; // the other is below
  }).map((t) => t.code);
}

/** "4,000,000 – 14,999,999" or "60,000,000 and up". */
export function rangeText(range) {
  const fmt = (n) => Number(n).toLocaleString('en-US');
  return range.max === null ? `${fmt(range.min)} and up` : `${fmt(range.min)} – ${fmt(range.max)}`;
}

/** Customers per tier in the program's order (lowest first), then those holding none; unknown codes last. */
export function orderedCounts(overview, tiers) {
  const order = [...tiers].sort((a, b) => Number(a.minSpend) - Number(b.minSpend)).map((t) => t.code);
  const byTier = new Map(overview.tiers.map((row) => [row.tier, row.customers]));
  const rows = order.map((code) => ({ tier: code, customers: byTier.get(code) ?? 0 }));
  for (const row of overview.tiers) {
    if (row.tier !== null && !order.includes(row.tier)) {
      rows.push(row);
    }
  }
  rows.push({ tier: null, customers: byTier.get(null) ?? 0 });
  return rows;
}
