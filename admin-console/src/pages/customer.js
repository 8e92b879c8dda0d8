import { call, del, get, post, put } from '../api.js';
import { describe, field, formError, h, heading, input, number, select, showErrors, when } from '../ui.js';
import { TYPES, journalQuery, pageCount } from '../journal-model.js';

const PAGE_SIZE = 20;

/** The MISA Lomas customer detail: standing, the journal, and the operator's adjustment and override. */
export async function customerPage([customerId]) {
  const id = input({ required: true, maxlength: 64, value: customerId ?? '', autocomplete: 'off', spellcheck: 'false' });
  const lookup = h('form', {
    class: 'card inline', role: 'search', onsubmit: (event) => {
      event.preventDefault();
      location.hash = `#/customer/${encodeURIComponent(id.value.trim())}`;
    },
  }, field('Customer id', 'customerId', id), h('button', { type: 'submit' }, 'Look up'));
  const section = h('section', {}, heading(customerId ? `Customer ${customerId}` : 'Customer'), lookup);
  if (!customerId) {
    setTimeout(() => id.focus());
    return section;
  }
  let customer;
  try {
    customer = await get('loyalty', `/api/v1/customers/${encodeURIComponent(customerId)}`);
  } catch (e) {
    section.append(h('p', { class: 'form-error', role: 'alert' }, e.status === 404 ? `No customer ${customerId}: nothing has been applied to them yet.` : describe(e)));
    return section;
  }
  const tiers = await get('loyalty', '/api/v1/tiers');
  const refresh = async () => section.replaceWith(await customerPage([customerId]));
  section.append(standing(customer), journal(customerId), h('div', { class: 'columns' },
    adjustmentForm(customerId, refresh), overrideForm(customer, tiers, refresh)));
  return section;
}

function standing(c) {
  const points = c.points;
  const tier = c.tier;
  const rows = [
    ['Tier', tier ? `${tier.name} (${tier.code})` : 'No tier'],
    ['Kept until', tier?.keptUntil ? when(tier.keptUntil) : null],
    ['Override', tier?.override ? `${tier.override.mode} ${tier.override.tier}${tier.override.until ? ` until ${when(tier.override.until)}` : ''} — “${tier.override.note}” (${tier.override.actor ?? 'unknown'})` : null],
    ['Lifetime spend', number(c.lifetimeSpend)],
    ['Qualifying spend', number(c.qualifyingSpend)],
    ['Points balance', number(points.balance)],
    ['Redeemable', number(points.redeemable)],
    ['Pending', number(points.pending)],
    ['Next to expire', points.expiring ? `${number(points.expiring.points)} on ${when(points.expiring.at)}` : 'Nothing'],
  ].filter(([, value]) => value !== null);
  return h('div', { class: 'card' }, h('h2', {}, 'Standing'),
    h('dl', { class: 'standing' }, rows.flatMap(([label, value]) => [h('dt', {}, label),
      h('dd', { 'data-standing': label.toLowerCase().replaceAll(' ', '-') }, value)])));
}

/** Newest first, PAGE_SIZE a page, filtered by type and dates; the CSV export takes the same filters. */
function journal(customerId) {
  const state = { page: 0, size: PAGE_SIZE, types: [], from: '', to: '' };
  const body = h('tbody');
  const status = h('p', { class: 'pager-status', 'aria-live': 'polite' });
  const completeness = h('p', { class: 'warning' });
  const older = h('button', { type: 'button', class: 'secondary', onclick: () => { state.page++; load(); } }, 'Older');
  const newer = h('button', { type: 'button', class: 'secondary', onclick: () => { state.page--; load(); } }, 'Newer');
  const error = formError();
  const typeBoxes = TYPES.map((type) => {
    const box = input({ type: 'checkbox', value: type, id: `type-${type}` });
    return h('span', { class: 'check' }, box, h('label', { for: box.id }, type.replace('_', ' ').toLowerCase()));
  });
  const from = input({ type: 'date' });
  const to = input({ type: 'date' });
  const filters = h('form', {
    class: 'filters', onsubmit: (event) => {
      event.preventDefault();
      state.types = typeBoxes.map((span) => span.querySelector('input')).filter((b) => b.checked).map((b) => b.value);
      state.from = from.value;
      state.to = to.value;
      state.page = 0;
      load();
    },
  },
  h('fieldset', {}, h('legend', {}, 'Types'), typeBoxes),
  field('From (day)', 'from', from), field('To (day, included)', 'to', to),
  h('div', { class: 'buttons' },
    h('button', { type: 'submit' }, 'Apply filters'),
    h('button', { type: 'button', class: 'secondary', onclick: () => exportCsv() }, 'Export CSV')));

  async function load() {
    error.textContent = '';
    try {
      const page = await get('audit', `/api/v1/customers/${encodeURIComponent(customerId)}/journal?${journalQuery(state)}`);
      const pages = pageCount(page.total, page.size);
      body.replaceChildren(...(page.items.length ? page.items.map(row) : [h('tr', {}, h('td', { colspan: 8 }, 'No entries.'))]));
      status.textContent = `Page ${page.page + 1} of ${pages} · ${number(page.total)} entries`;
      completeness.textContent = page.complete ? '' : 'A change is still on its way: the journal is not complete yet.';
      newer.disabled = page.page === 0;
      older.disabled = page.page + 1 >= pages;
    } catch (e) {
      showErrors(filters, e);
      error.textContent = describe(e);
    }
  }

  async function exportCsv() {
    try {
      const query = journalQuery({ ...state, page: 0 });
      const response = await call('audit', 'GET', `/api/v1/customers/${encodeURIComponent(customerId)}/journal?${query}`, { accept: 'text/csv' });
      const url = URL.createObjectURL(await response.blob());
      const link = h('a', { href: url, download: `journal-${customerId}.csv` });
      document.body.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    } catch (e) {
      error.textContent = describe(e);
    }
  }

  load();
  return h('div', { class: 'card' }, h('h2', {}, 'Journal'), filters, error, completeness,
    h('table', { class: 'data journal', 'aria-label': 'Journal' },
      h('thead', {}, h('tr', {}, ['When', 'Type', 'Points', 'Balance', 'Tier', 'Reason', 'Order', 'By / note'].map((t) => h('th', { scope: 'col' }, t)))),
      body),
    h('div', { class: 'pager' }, newer, status, older));
}

function row(entry) {
  const tier = entry.tierBefore === entry.tierAfter ? (entry.tierAfter ?? '—') : `${entry.tierBefore ?? 'none'} → ${entry.tierAfter ?? 'none'}`;
  return h('tr', { 'data-entry': entry.entryId },
    h('td', {}, when(entry.occurredAt)),
    h('td', {}, entry.type),
    h('td', { class: 'num' }, entry.pointsDelta > 0 ? `+${number(entry.pointsDelta)}` : number(entry.pointsDelta)),
    h('td', { class: 'num' }, number(entry.pointsBalance)),
    h('td', {}, tier),
    h('td', {}, entry.reason),
    h('td', {}, entry.orderId ?? ''),
    h('td', {}, [entry.actor, entry.note].filter(Boolean).join(': ')));
}

function adjustmentForm(customerId, refresh) {
  const points = input({ inputmode: 'numeric', required: true, placeholder: 'e.g. 500 or -200' });
  const note = h('textarea', { required: true, maxlength: 500, rows: 2 });
  const done = h('p', { class: 'notice', role: 'status' });
  const form = h('form', {
    class: 'card', onsubmit: async (event) => {
      event.preventDefault();
      showErrors(form);
      const value = points.value.replaceAll(',', '').trim();
      try {
        const result = await post('loyalty', `/api/v1/customers/${encodeURIComponent(customerId)}/adjustments`, {
          adjustmentId: `console-${crypto.randomUUID()}`, points: /^[-+]?\d+$/.test(value) ? Number(value) : value, note: note.value,
        });
        await refresh();
        document.querySelector('[data-adjusted]')?.replaceChildren(`Adjusted: balance ${number(result.balance)}, redeemable ${number(result.redeemable)}.`);
      } catch (e) {
        showErrors(form, e);
      }
    },
  },
  h('h2', {}, 'Adjust points'),
  field('Points (+ adds, − takes)', 'points', points),
  field('Note (required)', 'note', note, 'Why: shown in the journal with your name'),
  formError(), done,
  h('div', { class: 'buttons' }, h('button', { type: 'submit' }, 'Adjust')));
  done.dataset.adjusted = '';
  return form;
}

function overrideForm(customer, tiers, refresh) {
  const active = tiers.filter((t) => t.active).sort((a, b) => Number(a.minSpend) - Number(b.minSpend));
  const tier = select(active.map((t) => [t.code, `${t.name} (${t.code})`]));
  const mode = select([['FLOOR', 'At least this tier (FLOOR)'], ['FIXED', 'Exactly this tier (FIXED)']]);
  const until = input({ type: 'datetime-local' });
  const note = h('textarea', { required: true, maxlength: 500, rows: 2 });
  const current = customer.tier?.override;
  if (current) {
    tier.value = current.tier;
    mode.value = current.mode;
  }
  const path = `/api/v1/customers/${encodeURIComponent(customer.customerId)}/tier-override`;
  const form = h('form', {
    class: 'card', onsubmit: async (event) => {
      event.preventDefault();
      showErrors(form);
      try {
        await put('loyalty', path, { tier: tier.value, mode: mode.value, until: until.value ? new Date(until.value).toISOString() : null, note: note.value });
        await refresh();
      } catch (e) {
        showErrors(form, e);
      }
    },
  },
  h('h2', {}, 'Tier override'),
  current ? h('p', {}, `In force: ${current.mode} ${current.tier}.`) : h('p', {}, 'None in force.'),
  field('Tier', 'tier', tier), field('Mode', 'mode', mode), field('Until (optional)', 'until', until, 'Empty: until removed'),
  field('Note (required)', 'note', note),
  formError(),
  h('div', { class: 'buttons' },
    h('button', { type: 'submit' }, current ? 'Replace override' : 'Put override'),
    current ? h('button', {
      type: 'button', class: 'secondary', onclick: async () => {
        showErrors(form);
        try {
          await del('loyalty', path, note.value ? { note: note.value } : undefined);
          await refresh();
        } catch (e) {
          showErrors(form, e);
        }
      },
    }, 'Remove override') : null));
  return form;
}
