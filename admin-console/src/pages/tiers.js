import { del, get, put } from '../api.js';
import { describe, field, formError, h, heading, input, number, select, showErrors } from '../ui.js';
import { overlapsOf, rangeText, ranges } from '../tiers-model.js';

/** The Nhanh.vn "Levels" page: the tiers with their ranges, a form to add or edit one, and the program's settings. */
export async function tiersPage() {
  const [tiers, program] = await Promise.all([get('loyalty', '/api/v1/tiers'), get('loyalty', '/api/v1/program')]);
  const section = h('section', {}, heading('Tiers & program'));
  const notice = h('p', { class: 'notice', role: 'status' });
  const reload = async (message) => {
    const next = await tiersPage();
    section.replaceWith(next);
    if (message) {
      next.querySelector('.notice').textContent = message;
    }
  };
  section.append(notice, tierTable(tiers, program, reload), tierForm(tiers, program, reload), programForm(program, reload));
  return section;
}

function tierTable(tiers, program, reload) {
  const reach = new Map(ranges(tiers).map((r) => [r.code, r]));
  const sorted = [...tiers].sort((a, b) => Number(a.minSpend) - Number(b.minSpend));
  return h('table', { class: 'data', 'aria-label': 'Tiers' },
    h('thead', {}, h('tr', {}, ['Code', 'Name', 'Spend range', 'Earn rate', 'Locked minimum', 'Status', ''].map((t) => h('th', { scope: 'col' }, t)))),
    h('tbody', {}, sorted.map((tier) => h('tr', { 'data-code': tier.code },
      h('td', {}, tier.code),
      h('td', {}, tier.name),
      h('td', {}, tier.active ? rangeText(reach.get(tier.code)) : rangeText({ min: tier.minSpend, max: tier.maxSpend })),
      h('td', {}, `${number(tier.earnRate.points)} per ${number(tier.earnRate.spend)} ${program.currency}`),
      h('td', { class: 'num' }, number(tier.minPointBalance)),
      h('td', {}, h('span', { class: tier.active ? 'badge on' : 'badge off' }, tier.active ? 'Active' : 'Inactive')),
      h('td', { class: 'actions' },
        h('button', { type: 'button', class: 'secondary', onclick: () => editTier(tier) }, `Edit ${tier.code}`),
        tier.active ? h('button', {
          type: 'button', class: 'secondary', onclick: async (event) => {
            try {
              await put('loyalty', `/api/v1/tiers/${encodeURIComponent(tier.code)}`, { ...tier, active: false });
              reload(`${tier.code} deactivated. Customers move at their next event or a recalculation.`);
            } catch (e) {
              event.target.closest('section').querySelector('.notice').textContent = describe(e);
            }
          },
        }, `Deactivate ${tier.code}`) : h('button', {
          type: 'button', class: 'secondary', onclick: async (event) => {
            try {
              await del('loyalty', `/api/v1/tiers/${encodeURIComponent(tier.code)}`);
              reload(`${tier.code} deleted.`);
            } catch (e) {
              event.target.closest('section').querySelector('.notice').textContent = describe(e);
            }
          },
        }, `Delete ${tier.code}`))))));
}

let editTier = () => {};

const amount = (value) => {
  const text = String(value ?? '').replaceAll(',', '').trim();
  if (text === '') {
    return null;
  }
  return /^-?\d+(\.\d+)?$/.test(text) ? Number(text) : text; // not a number: the service names the field
};

function tierForm(tiers, program, reload) {
  const code = input({ required: true, maxlength: 64, autocomplete: 'off' });
  const name = input({ required: true, maxlength: 100 });
  const minSpend = input({ inputmode: 'numeric', required: true });
  const maxSpend = input({ inputmode: 'numeric', placeholder: 'up to the next tier' });
  const rateSpend = input({ inputmode: 'numeric', required: true, value: '10000' });
  const ratePoints = input({ inputmode: 'numeric', required: true, value: '1' });
  const minPointBalance = input({ inputmode: 'numeric', required: true, value: '0' });
  const active = input({ type: 'checkbox', checked: true });
  const overlap = h('p', { class: 'warning', role: 'status', 'data-overlap': '' });
  const title = h('h2', {}, 'Add a tier');
  const draft = () => ({
    code: code.value.trim(), name: name.value.trim(), minSpend: amount(minSpend.value), maxSpend: amount(maxSpend.value),
    earnRate: { spend: amount(rateSpend.value), points: amount(ratePoints.value) }, minPointBalance: amount(minPointBalance.value),
    active: active.checked,
  });
  const checkOverlap = () => {
    const with_ = overlapsOf(draft(), tiers);
    overlap.textContent = with_.length ? `This range overlaps ${with_.join(', ')}: saving it will be refused.` : '';
  };
  [minSpend, maxSpend, active].forEach((e) => e.addEventListener('input', checkOverlap));
  const form = h('form', {
    class: 'card', 'aria-labelledby': 'tier-form-title', onsubmit: async (event) => {
      event.preventDefault();
      showErrors(form);
      try {
        const saved = await put('loyalty', `/api/v1/tiers/${encodeURIComponent(code.value.trim())}`, draft());
        reload(`${saved.code} saved. ${saved.message ?? ''}`);
      } catch (e) {
        showErrors(form, e);
      }
    },
  },
  title,
  h('div', { class: 'grid' },
    field('Code', 'code', code, 'Letters, digits and . _ : - (kept for good)'),
    field('Name', 'name', name),
    field(`Minimum spend (${program.currency})`, 'minSpend', minSpend),
    field(`Maximum spend (${program.currency})`, 'maxSpend', maxSpend, 'Empty: up to the next active tier'),
    field(`Earn rate: per spend of (${program.currency})`, 'earnRate.spend', rateSpend),
    field('Earn rate: points', 'earnRate.points', ratePoints),
    field('Locked minimum points', 'minPointBalance', minPointBalance, 'Points that cannot be redeemed'),
    h('div', { class: 'field checkbox' }, active, h('label', { for: (active.id = 'tier-active') }, 'Active'))),
  overlap,
  formError(),
  h('div', { class: 'buttons' },
    h('button', { type: 'submit' }, 'Save tier'),
    h('button', { type: 'reset', class: 'secondary', onclick: () => { title.textContent = 'Add a tier'; code.readOnly = false; overlap.textContent = ''; showErrors(form); } }, 'Clear')));
  title.id = 'tier-form-title';
  editTier = (tier) => {
    title.textContent = `Edit ${tier.code}`;
    code.value = tier.code;
    code.readOnly = true;
    name.value = tier.name;
    minSpend.value = tier.minSpend;
    maxSpend.value = tier.maxSpend ?? '';
    rateSpend.value = tier.earnRate.spend;
    ratePoints.value = tier.earnRate.points;
    minPointBalance.value = tier.minPointBalance;
    active.checked = tier.active;
    showErrors(form);
    checkOverlap();
    form.scrollIntoView({ block: 'start' });
    name.focus();
  };
  return form;
}

function programForm(program, reload) {
  const currency = input({ required: true, value: program.currency, maxlength: 3 });
  const timeZone = input({ required: true, value: program.timeZone });
  const criterion = select([['LIFETIME_SPEND', 'Lifetime spend'], ['MONTHLY_SPEND', 'Spend this or last month'],
    ['AVERAGE_MONTHLY_SPEND', 'Average monthly spend']]);
  criterion.value = program.tierCriterion;
  const rateSpend = input({ inputmode: 'numeric', value: program.defaultEarnRate.spend });
  const ratePoints = input({ inputmode: 'numeric', value: program.defaultEarnRate.points });
  const pendingDays = input({ inputmode: 'numeric', value: program.pendingDays ?? 0 });
  const expiryMode = select([['NONE', 'Never'], ['AFTER_DAYS', 'N days after the order'],
    ['END_OF_MONTH_AFTER_MONTHS', 'End of the Nth month after the order']]);
  expiryMode.value = program.pointsExpiry?.mode ?? 'NONE';
  const expiryValue = input({ inputmode: 'numeric', value: program.pointsExpiry?.value ?? '' });
  const retentionMode = select([['IMMEDIATE', 'Demote at once'], ['GRACE_DAYS', 'Keep the tier N days after a drop']]);
  retentionMode.value = program.tierRetention?.mode ?? 'IMMEDIATE';
  const retentionDays = input({ inputmode: 'numeric', value: program.tierRetention?.days ?? '' });
  const form = h('form', {
    class: 'card', 'aria-labelledby': 'program-form-title', onsubmit: async (event) => {
      event.preventDefault();
      showErrors(form);
      try {
        const saved = await put('loyalty', '/api/v1/program', {
          currency: currency.value.trim(), timeZone: timeZone.value.trim(), tierCriterion: criterion.value,
          defaultEarnRate: { spend: amount(rateSpend.value), points: amount(ratePoints.value) },
          pendingDays: amount(pendingDays.value) ?? 0,
          pointsExpiry: { mode: expiryMode.value, value: amount(expiryValue.value) },
          tierRetention: { mode: retentionMode.value, days: amount(retentionDays.value) },
        });
        reload(`Program saved. ${saved.message ?? ''}`);
      } catch (e) {
        showErrors(form, e);
      }
    },
  },
  h('h2', { id: 'program-form-title' }, 'Program'),
  h('div', { class: 'grid' },
    field('Currency', 'currency', currency),
    field('Time zone', 'timeZone', timeZone, 'e.g. Asia/Ho_Chi_Minh'),
    field('Tier criterion', 'tierCriterion', criterion),
    field('Default earn rate: per spend of', 'defaultEarnRate.spend', rateSpend),
    field('Default earn rate: points', 'defaultEarnRate.points', ratePoints),
    field('Pending days', 'pendingDays', pendingDays, 'Days before earned points can be redeemed'),
    field('Points expire', 'pointsExpiry.mode', expiryMode),
    field('Expiry: N', 'pointsExpiry.value', expiryValue),
    field('Tier retention', 'tierRetention.mode', retentionMode),
    field('Retention: days', 'tierRetention.days', retentionDays)),
  formError(),
  h('div', { class: 'buttons' }, h('button', { type: 'submit' }, 'Save program')));
  return form;
}
