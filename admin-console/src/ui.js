// Small DOM helpers: elements are built with textContent, never from HTML strings, so no data can inject markup.

/** h('p', {class: 'x'}, 'text', child): an element with attributes (on* as listeners) and children. */
export function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes ?? {})) {
    if (value === undefined || value === null || value === false) {
      continue;
    }
    if (name.startsWith('on') && typeof value === 'function') {
      element.addEventListener(name.slice(2).toLowerCase(), value);
    } else if (value === true) {
      element.setAttribute(name, '');
    } else {
      element.setAttribute(name, String(value));
    }
  }
  for (const child of children.flat()) {
    if (child !== null && child !== undefined && child !== false) {
      element.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
  }
  return element;
}

let fieldCounter = 0;

/**
 * A labelled input with a place for its error: the API's message for `field` appears right under it
 * (aria-describedby, so a screen reader reads it with the field).
 */
export function field(label, field, input, hint) {
  const id = input.id || `f-${++fieldCounter}`;
  input.id = id;
  input.name = input.name || field;
  input.dataset.field = field;
  const error = h('p', { class: 'field-error', id: `${id}-error`, 'data-error-for': field, 'aria-live': 'polite' });
  input.setAttribute('aria-describedby', `${id}-error`);
  return h('div', { class: 'field' }, h('label', { for: id }, label), input, hint ? h('p', { class: 'hint' }, hint) : null, error);
}

export const input = (attributes) => h('input', attributes);

export function select(options, attributes = {}) {
  return h('select', attributes, options.map(([value, text]) => h('option', { value }, text)));
}

/** Clears the errors of a form, then shows each API field error next to its field (or at the form's top). */
export function showErrors(form, error) {
  form.querySelectorAll('.field-error').forEach((p) => { p.textContent = ''; });
  form.querySelectorAll('[aria-invalid]').forEach((e) => e.removeAttribute('aria-invalid'));
  const summary = form.querySelector('.form-error');
  if (summary) {
    summary.textContent = '';
  }
  if (!error) {
    return;
  }
  const unplaced = [];
  for (const { field, message } of error.fieldErrors ?? []) {
    const place = placeFor(form, field);
    if (place) {
      place.textContent = place.textContent ? `${place.textContent}; ${message}` : message;
      form.querySelector(`[data-field="${CSS.escape(place.dataset.errorFor)}"]`)?.setAttribute('aria-invalid', 'true');
    } else {
      unplaced.push(`${field}: ${message}`);
    }
  }
  if (summary && (unplaced.length || !(error.fieldErrors ?? []).length)) {
    summary.textContent = [describe(error), ...unplaced].join(' — ');
  }
}

/** The error place of `field`, or of its nearest parent field ("earnRate.spend", then "earnRate"). */
function placeFor(form, field) {
  for (let name = field; name; name = name.includes('.') ? name.slice(0, name.lastIndexOf('.')) : '') {
    const place = form.querySelector(`[data-error-for="${CSS.escape(name)}"]`);
    if (place) {
      return place;
    }
  }
  return null;
}

/** A refused call in one sentence for an operator. */
export function describe(error) {
  if (error?.status === 401) {
    return 'Your key was not accepted (missing, unknown or expired): sign in again.';
  }
  if (error?.status === 403) {
    return 'Your key may not do this (a VIEWER key only reads).';
  }
  return error?.problem?.detail || error?.problem?.title || error?.message || String(error);
}

export const formError = () => h('p', { class: 'form-error', role: 'alert' });

/** Whole numbers with group separators: 2,800,000. */
export const number = (value) => (value === null || value === undefined ? '—' : Number(value).toLocaleString('en-US'));

export function when(instant) {
  return instant ? new Date(instant).toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'short' }) : '—';
}

export function heading(text) {
  document.title = `${text} · Loyalty admin`;
  return h('h1', {}, text);
}
