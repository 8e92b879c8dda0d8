import { test } from 'node:test';
import assert from 'node:assert/strict';
import { orderedCounts, overlapsOf, rangeText, ranges } from '../../src/tiers-model.js';

const tiers = [
  { code: 'GOLD', minSpend: 15000000, maxSpend: null, active: true },
  { code: 'SILVER', minSpend: 4000000, maxSpend: 14999999, active: true },
  { code: 'DIAMOND', minSpend: 60000000, maxSpend: null, active: true },
  { code: 'OLD', minSpend: 1000000, maxSpend: null, active: false },
];

test('a tier without maxSpend reaches up to the next active tier; the top one has no end', () => {
  assert.deepEqual(ranges(tiers).map(rangeText), ['4,000,000 – 14,999,999', '15,000,000 – 59,999,999', '60,000,000 and up']);
});

test('an explicit maxSpend past the next tier, or an equal minSpend, overlaps; inactive tiers never do', () => {
  assert.deepEqual(overlapsOf({ code: 'SILVER', minSpend: 4000000, maxSpend: 20000000, active: true }, tiers), ['GOLD']);
  assert.deepEqual(overlapsOf({ code: 'NEW', minSpend: 15000000, maxSpend: null, active: true }, tiers), ['GOLD']);
  assert.deepEqual(overlapsOf({ code: 'NEW', minSpend: 16000000, maxSpend: null, active: true }, tiers), []);
  assert.deepEqual(overlapsOf({ code: 'SILVER', minSpend: 4000000, maxSpend: 20000000, active: false }, tiers), []);
  assert.deepEqual(overlapsOf({ code: 'NEW', minSpend: 10000000, maxSpend: null, active: true }, tiers), ['SILVER']);
});

test('customers per tier come in the program order, then those without a tier', () => {
  const overview = { tiers: [{ tier: 'GOLD', customers: 3 }, { tier: null, customers: 10 }, { tier: 'GONE', customers: 1 }] };
  assert.deepEqual(orderedCounts(overview, tiers.filter((t) => t.active)), [
    { tier: 'SILVER', customers: 0 }, { tier: 'GOLD', customers: 3 }, { tier: 'DIAMOND', customers: 0 },
    { tier: 'GONE', customers: 1 }, { tier: null, customers: 10 }]);
});
