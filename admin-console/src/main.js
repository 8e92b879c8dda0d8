import './style.css';
import { ApiError, get, loadConfig, session } from './api.js';
import { describe, field, formError, h, heading, input } from './ui.js';
import { overviewPage } from './pages/overview.js';
import { tiersPage } from './pages/tiers.js';
import { customerPage } from './pages/customer.js';
import { recalculatePage } from './pages/recalculate.js';
import { importPage } from './pages/import.js';

const pages = {
  overview: overviewPage,
  tiers: tiersPage,
  customer: customerPage,
  recalculate: recalculatePage,
  import: importPage,
};

const main = document.getElementById('main');
let rendering = 0;

/** #/page/argument → the page, or the sign-in form while no key is held. */
async function route() {
  const turn = ++rendering;
  const [name, ...rest] = location.hash.replace(/^#\/?/, '').split('/');
  const signedIn = Boolean(session.key());
  document.getElementById('nav').hidden = !signedIn;
  renderWho(signedIn);
  const page = pages[name];
  if (!signedIn) {
    show(signInPage());
    return;
  }
  if (!page) {
    location.replace('#/overview');
    return;
  }
  document.querySelectorAll('#nav a').forEach((a) => {
    if (a.getAttribute('href') === `#/${name}`) {
      a.setAttribute('aria-current', 'page');
    } else {
      a.removeAttribute('aria-current');
    }
  });
  const placeholder = h('p', { class: 'loading' }, 'Loading…');
  show(placeholder);
  try {
    const content = await page(rest.map(decodeURIComponent));
    if (turn === rendering) {
      show(content);
    }
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) {
      session.signOut();
      route();
      return;
    }
    if (turn === rendering) {
      show(h('section', {}, h('p', { class: 'form-error', role: 'alert' }, describe(error))));
    }
  }
}

function show(content) {
  main.replaceChildren(content);
}

function renderWho(signedIn) {
  const who = document.getElementById('who');
  who.replaceChildren(signedIn ? h('button', {
    type: 'button', class: 'link', onclick: () => { session.signOut(); location.hash = '#/signin'; route(); },
  }, 'Sign out') : '');
}

/** The key is checked by reading the program (any VIEWER or ADMIN key may), then kept for this tab's session. */
function signInPage() {
  const key = input({ type: 'password', autocomplete: 'off', required: true, spellcheck: 'false' });
  const error = formError();
  const form = h('form', {
    class: 'card narrow', onsubmit: async (event) => {
      event.preventDefault();
      error.textContent = '';
      try {
        await get('loyalty', '/api/v1/program', { key: key.value.trim() });
        session.signIn(key.value.trim());
        if (!location.hash || location.hash === '#/signin') {
          location.hash = '#/overview';
        }
        route();
      } catch (e) {
        error.textContent = describe(e);
        key.focus();
      }
    },
  },
  heading('Sign in'),
  h('p', {}, 'An ADMIN or VIEWER API key, or an OIDC access token. It is kept for this browser tab only.'),
  field('API key or token', 'key', key),
  error,
  h('button', { type: 'submit' }, 'Sign in'));
  setTimeout(() => key.focus());
  return form;
}

window.addEventListener('hashchange', route);
loadConfig().finally(route);
