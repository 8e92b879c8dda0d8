import { get } from '../api.js';
import { h, heading, number } from '../ui.js';
import { orderedCounts } from '../tiers-model.js';

const SVG = 'http://www.w3.org/2000/svg';

/** Customers per tier and points outstanding, from the tallies audit-service keeps (no scan per view). */
export async function overviewPage() {
  const [overview, tiers] = await Promise.all([get('audit', '/api/v1/overview'), get('loyalty', '/api/v1/tiers')]);
  const rows = orderedCounts(overview, tiers);
  return h('section', {},
    heading('Overview'),
    h('div', { class: 'figures' },
      figure('Customers', number(overview.customers), 'customers-total'),
      figure('Points outstanding', number(overview.pointsOutstanding), 'points-outstanding')),
    h('h2', {}, 'Customers per tier'),
    chart(rows),
    h('table', { class: 'data', 'aria-label': 'Customers per tier' },
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Tier'), h('th', { scope: 'col', class: 'num' }, 'Customers'))),
      h('tbody', {}, rows.map((row) => h('tr', { 'data-tier': row.tier ?? '' },
        h('td', {}, row.tier ?? 'No tier'), h('td', { class: 'num' }, number(row.customers)))))));
}

function figure(label, value, id) {
  return h('div', { class: 'figure' }, h('span', { class: 'figure-label' }, label), h('span', { class: 'figure-value', id }, value));
}

/** A bar per tier, lowest tier first; the table beside it has the same figures for screen readers. */
function chart(rows) {
  const width = 640;
  const barHeight = 28;
  const labelWidth = 110;
  const max = Math.max(1, ...rows.map((r) => r.customers));
  const svg = document.createElementNS(SVG, 'svg');
  svg.setAttribute('viewBox', `0 0 ${width} ${rows.length * (barHeight + 8)}`);
  svg.setAttribute('class', 'chart');
  svg.setAttribute('aria-hidden', 'true');
  rows.forEach((row, i) => {
    const y = i * (barHeight + 8);
    const length = Math.round(((width - labelWidth - 80) * row.customers) / max);
    svg.append(text(8, y + barHeight * 0.68, row.tier ?? 'No tier'));
    const bar = document.createElementNS(SVG, 'rect');
    Object.entries({ x: labelWidth, y, width: Math.max(2, length), height: barHeight, rx: 3, class: 'bar' })
      .forEach(([k, v]) => bar.setAttribute(k, v));
    bar.dataset.tier = row.tier ?? '';
    svg.append(bar, text(labelWidth + Math.max(2, length) + 8, y + barHeight * 0.68, number(row.customers)));
  });
  return svg;
}

function text(x, y, content) {
  const t = document.createElementNS(SVG, 'text');
  t.setAttribute('x', x);
  t.setAttribute('y', y);
  t.textContent = content;
  return t;
}
