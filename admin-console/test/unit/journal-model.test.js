import { test } from 'node:test';
import assert from 'node:assert/strict';
import { journalQuery, pageCount } from '../../src/journal-model.js';

test('an empty journal is one page; 45 entries in pages of 20 are three', () => {
  assert.equal(pageCount(0, 20), 1);
  assert.equal(pageCount(45, 20), 3);
  assert.equal(pageCount(40, 20), 2);
});

test('the query repeats type and makes the chosen last day inclusive', () => {
  process.env.TZ = 'UTC';
  const query = new URLSearchParams(journalQuery({ page: 2, size: 20, types: ['POINTS_EARNED', 'TIER_PROMOTED'],
    from: '2026-11-01', to: '2026-11-30' }));
  assert.deepEqual(query.getAll('type'), ['POINTS_EARNED', 'TIER_PROMOTED']);
  assert.equal(query.get('page'), '2');
  assert.equal(new Date(query.get('to')).getTime() - new Date(query.get('from')).getTime(), 30 * 86400000);
});
