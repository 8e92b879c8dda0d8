// The three services' public APIs, called with the operator's key (kept in this browser tab's session only).

const KEY = 'loyalty-admin-key';

let config = { loyaltyUrl: '', ordersUrl: '', auditUrl: '' };

/** Where the other services are: loyalty-service says so at /admin/config.json (same origin as the console). */
export async function loadConfig() {
  const response = await fetch('/admin/config.json', { headers: { Accept: 'application/json' } });
  if (response.ok) {
    config = { ...config, ...(await response.json()) };
  }
  return config;
}

export const session = {
  key: () => sessionStorage.getItem(KEY),
  signIn: (key) => sessionStorage.setItem(KEY, key),
  signOut: () => sessionStorage.removeItem(KEY),
};

/** A refused call: its status and the RFC 9457 problem the service answered ({title, detail, errors}). */
export class ApiError extends Error {
  constructor(status, problem) {
    super(problem?.detail || problem?.title || `HTTP ${status}`);
    this.status = status;
    this.problem = problem ?? {};
  }

  /** The field errors of a 400: [{field, message}]. */
  get fieldErrors() {
    return Array.isArray(this.problem.errors) ? this.problem.errors : [];
  }
}

function base(service) {
  return { loyalty: config.loyaltyUrl, orders: config.ordersUrl, audit: config.auditUrl }[service] ?? '';
}

/**
 * One call. `body` is sent as JSON unless `contentType` says otherwise; the answer is parsed as JSON unless
 * `accept` asks for something else (then the Response is returned).
 */
export async function call(service, method, path, { body, contentType = 'application/json', accept = 'application/json', key } = {}) {
  const headers = { Accept: accept };
  const credential = key ?? session.key();
  if (credential) {
    headers.Authorization = `Bearer ${credential}`;
  }
  if (body !== undefined) {
    headers['Content-Type'] = contentType;
  }
  const response = await fetch(base(service) + path, {
    method,
    headers,
    body: body === undefined ? undefined : contentType === 'application/json' ? JSON.stringify(body) : body,
  });
  if (!response.ok) {
    let problem = null;
    try {
      problem = await response.json();
    } catch {
      // not problem+json (a proxy's page): the status says enough
    }
    throw new ApiError(response.status, problem);
  }
  if (accept !== 'application/json') {
    return response;
  }
  return response.status === 204 ? null : response.json();
}

export const get = (service, path, options) => call(service, 'GET', path, options);
export const put = (service, path, body) => call(service, 'PUT', path, { body });
export const post = (service, path, body, options = {}) => call(service, 'POST', path, { body, ...options });
export const del = (service, path, body) => call(service, 'DELETE', path, { body });
