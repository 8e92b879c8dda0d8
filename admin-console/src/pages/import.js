import { post } from '../api.js';
import { field, formError, h, heading, input, number, showErrors } from '../ui.js';

/** Opening balances from another system: a CSV upload, its accepted count and every rejected line with its reason. */
export async function importPage() {
  const file = input({ type: 'file', accept: '.csv,text/csv', required: true });
  const importId = input({ required: true, value: `import-${new Date().toISOString().slice(0, 10)}-${crypto.randomUUID().slice(0, 8)}` });
  const asOf = input({ type: 'datetime-local', required: true });
  const source = input({ required: true, placeholder: 'e.g. old-pos' });
  const report = h('div', { class: 'report', 'aria-live': 'polite' });
  const form = h('form', {
    class: 'card', onsubmit: async (event) => {
      event.preventDefault();
      showErrors(form);
      report.replaceChildren();
      const query = new URLSearchParams({ importId: importId.value.trim(), asOf: asOf.value ? new Date(asOf.value).toISOString() : '', source: source.value.trim() });
      try {
        const result = await post('orders', `/api/v1/imports/opening-balances?${query}`, await file.files[0].text(), { contentType: 'text/csv' });
        report.replaceChildren(h('p', { class: 'outcome done' }, 'Accepted ', h('strong', { 'data-count': 'accepted' }, number(result.accepted)),
          ` rows; ${result.rejected.length ? `${number(result.rejected.length)} rejected:` : 'none rejected.'}`),
        result.rejected.length ? h('table', { class: 'data', 'aria-label': 'Rejected lines' },
          h('thead', {}, h('tr', {}, ['Line', 'Customer', 'Reason'].map((t) => h('th', { scope: 'col' }, t)))),
          h('tbody', {}, result.rejected.map((r) => h('tr', { 'data-line': r.line },
            h('td', { class: 'num' }, r.line), h('td', {}, r.customerId ?? ''), h('td', {}, r.reason))))) : '');
      } catch (e) {
        showErrors(form, e);
      }
    },
  },
  h('p', {}, 'A CSV with the header customerId,lifetimeSpend[,firstPurchaseAt]. Per customer and source the balance is set, not added: importing a file again never counts twice.'),
  h('div', { class: 'grid' },
    field('CSV file', 'file', file),
    field('Import id', 'importId', importId),
    field('As of', 'asOf', asOf, 'The moment the other system\'s totals were taken'),
    field('Source', 'source', source)),
  formError(),
  h('div', { class: 'buttons' }, h('button', { type: 'submit' }, 'Upload')));
  return h('section', {}, heading('Import opening balances'), form, report);
}
