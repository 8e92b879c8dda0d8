import { del, get, post } from '../api.js';
import { describe, field, formError, h, heading, input, number, showErrors, when } from '../ui.js';

const POLL_MS = 500;

/**
 * The MISA Lomas "Recalculate tier and points" action: the two switches and the common conversion rate, a dry run
 * first (how many tiers and balances would change), then the real run behind a confirmation, with its progress,
 * its counts and cancel; and the past jobs with who started them.
 */
export async function recalculatePage() {
  const jobs = (await get('loyalty', '/api/v1/recalculations?limit=20')).items;
  const tiersSwitch = toggle('Recalculate tier', true);
  const pointsSwitch = toggle('Recalculate points', true);
  const commonSwitch = toggle('Use a common conversion rate', false);
  const rateSpend = input({ inputmode: 'numeric', value: '10000' });
  const ratePoints = input({ inputmode: 'numeric', value: '1' });
  const rate = h('div', { class: 'grid', hidden: true },
    field('Every', 'commonEarnRate.spend', rateSpend), field('earns points', 'commonEarnRate.points', ratePoints));
  commonSwitch.box.addEventListener('change', () => { rate.hidden = !commonSwitch.box.checked; invalidate(); });
  const progress = h('progress', { max: 1, value: 0, 'aria-label': 'Recalculation progress' });
  const progressText = h('p', { class: 'progress-text', 'aria-live': 'polite' });
  const result = h('div', { class: 'result', 'aria-live': 'polite' });
  const dryRun = h('button', { type: 'button' }, 'Dry run');
  const run = h('button', { type: 'button', disabled: true }, 'Recalculate');
  const cancel = h('button', { type: 'button', class: 'secondary', hidden: true }, 'Cancel');
  const history = h('div');
  let checked = null; // the options the last dry run was made with: the real run needs a dry run of the same

  const options = (dry) => ({
    tiers: tiersSwitch.box.checked,
    points: pointsSwitch.box.checked,
    commonEarnRate: commonSwitch.box.checked ? { spend: numberOrText(rateSpend.value), points: numberOrText(ratePoints.value) } : null,
    dryRun: dry,
  });
  function invalidate() {
    if (checked && JSON.stringify(options(true)) !== checked) {
      checked = null;
      run.disabled = true;
      result.replaceChildren(h('p', {}, 'The options changed: make a dry run again first.'));
    }
  }
  [tiersSwitch.box, pointsSwitch.box, rateSpend, ratePoints].forEach((e) => e.addEventListener('input', invalidate));

  const form = h('form', { class: 'card', onsubmit: (e) => e.preventDefault() },
    h('p', { class: 'confirmation-note' },
      'Recalculating updates every customer\'s tier and points from their orders under today\'s tiers and rates. '
      + 'Every customer whose tier or balance changes gets a journal entry; redemptions are never undone. '
      + 'Make a dry run first: it changes nothing and shows how many would change.'),
    h('div', { class: 'switches' }, tiersSwitch.element, pointsSwitch.element, commonSwitch.element),
    rate, formError(),
    h('div', { class: 'buttons' }, dryRun, run, cancel),
    progress, progressText, result);

  async function start(dry) {
    showErrors(form);
    result.replaceChildren();
    try {
      const { jobId } = await post('loyalty', '/api/v1/recalculations', options(dry));
      checked = dry ? JSON.stringify(options(true)) : null; // after a real run, the next needs its own dry run
      await follow(jobId, dry);
    } catch (e) {
      showErrors(form, e);
    }
  }

  async function follow(jobId, dry) {
    dryRun.disabled = true;
    run.disabled = true;
    cancel.hidden = false;
    cancel.onclick = async () => {
      try {
        await del('loyalty', `/api/v1/recalculations/${encodeURIComponent(jobId)}`);
      } catch (e) {
        result.replaceChildren(h('p', { class: 'form-error' }, describe(e)));
      }
    };
    let job;
    for (;;) {
      job = await get('loyalty', `/api/v1/recalculations/${encodeURIComponent(jobId)}`);
      progress.max = Math.max(1, job.total);
      progress.value = job.processed;
      progressText.textContent = `${number(job.processed)} of ${number(job.total)} customers${dry ? ' (dry run)' : ''}`;
      if (job.state !== 'RUNNING') {
        break;
      }
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
    cancel.hidden = true;
    dryRun.disabled = false;
    run.disabled = !checked || job.state !== 'DONE';
    result.replaceChildren(outcome(job));
    history.replaceChildren(jobTable((await get('loyalty', '/api/v1/recalculations?limit=20')).items));
  }

  dryRun.addEventListener('click', () => start(true));
  run.addEventListener('click', () => confirmThen(() => start(false), options(false)));
  history.append(jobTable(jobs));
  const running = jobs.find((j) => j.state === 'RUNNING');
  if (running) {
    setTimeout(() => follow(running.jobId, running.options.dryRun));
  }
  return h('section', {}, heading('Recalculate tier and points'), form, h('h2', {}, 'Past jobs'), history);
}

function outcome(job) {
  const verb = job.options.dryRun ? 'would change' : 'changed';
  return h('p', { class: `outcome ${job.state.toLowerCase()}`, 'data-state': job.state },
    `${job.options.dryRun ? 'Dry run' : 'Recalculation'} ${job.state === 'DONE' ? 'done' : job.state.toLowerCase()}: `,
    h('strong', { 'data-count': 'tiers' }, number(job.changedTiers)), ` tiers and `,
    h('strong', { 'data-count': 'points' }, number(job.changedPoints)), ` balances ${verb} among ${number(job.processed)} customers`,
    job.skipped ? `, ${number(job.skipped)} unknown ids skipped` : '', job.failure ? ` — ${job.failure}` : '', '.');
}

/** A native dialog: the note again, Confirm or Cancel (Escape cancels). */
function confirmThen(action, options) {
  const what = [options.tiers && 'tiers', options.points && 'points'].filter(Boolean).join(' and ');
  const dialog = h('dialog', { 'aria-labelledby': 'confirm-title' },
    h('h2', { id: 'confirm-title' }, 'Recalculate for every customer?'),
    h('p', {}, `This recalculates ${what}${options.commonEarnRate ? ' at the common conversion rate' : ''} and writes journal entries. It cannot be undone.`),
    h('form', { method: 'dialog', class: 'buttons' },
      h('button', { value: 'confirm' }, 'Confirm'), h('button', { value: 'cancel', class: 'secondary' }, 'Cancel')));
  dialog.addEventListener('close', () => {
    dialog.remove();
    if (dialog.returnValue === 'confirm') {
      action();
    }
  });
  document.body.append(dialog);
  dialog.showModal();
}

function jobTable(jobs) {
  if (!jobs.length) {
    return h('p', {}, 'No recalculation has run yet.');
  }
  return h('table', { class: 'data', 'aria-label': 'Past jobs' },
    h('thead', {}, h('tr', {}, ['Started', 'By', 'What', 'State', 'Processed', 'Tiers changed', 'Balances changed'].map((t) => h('th', { scope: 'col' }, t)))),
    h('tbody', {}, jobs.map((job) => h('tr', { 'data-job': job.jobId },
      h('td', {}, when(job.startedAt)),
      h('td', {}, job.requestedBy ?? '—'),
      h('td', {}, [job.options.tiers && 'tiers', job.options.points && 'points'].filter(Boolean).join(' + ')
        + (job.options.commonEarnRate ? ' (common rate)' : '') + (job.options.dryRun ? ', dry run' : '')),
      h('td', {}, job.state),
      h('td', { class: 'num' }, `${number(job.processed)} / ${number(job.total)}`),
      h('td', { class: 'num' }, number(job.changedTiers)),
      h('td', { class: 'num' }, number(job.changedPoints))))));
}

function toggle(label, on) {
  const box = input({ type: 'checkbox', role: 'switch', checked: on });
  const element = h('div', { class: 'field checkbox' }, box, h('label', {}, label));
  box.id = `switch-${label.toLowerCase().replaceAll(' ', '-')}`;
  element.querySelector('label').setAttribute('for', box.id);
  return { box, element };
}

function numberOrText(value) {
  const text = String(value).replaceAll(',', '').trim();
  return /^\d+(\.\d+)?$/.test(text) ? Number(text) : text;
}
