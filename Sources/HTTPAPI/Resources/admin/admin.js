// Back office for the merchant API: one page, plain JavaScript, no build step. This file is the
// core the views (admin-views.js) build on: DOM helpers, money and time, the API client, the
// signed-in session and its role, the hash router, the flash line and the one action dialog.
// The page keeps nothing secret anywhere but in memory: the session cookie is HttpOnly, the key
// typed at sign-in is sent once and cleared, and the CSRF token lives only in `session` (a reload
// gets it again from GET /v1/admin/session). All API text reaches the page through textContent.
'use strict';

const $ = (selector) => document.querySelector(selector);

// ---- DOM helpers ----

// createElement with properties; `dataset` and `attrs` (plain attributes, e.g. aria-*) are set
// apart because they cannot be assigned as properties.
function element(tag, props = {}, ...children) {
  const { dataset, attrs, ...rest } = props;
  const node = Object.assign(document.createElement(tag), rest);
  if (dataset) Object.assign(node.dataset, dataset);
  for (const [name, value] of Object.entries(attrs || {})) node.setAttribute(name, value);
  node.append(...children);
  return node;
}

// A value for a cell or a definition: absent values show as a dash.
function text(value) {
  return value === null || value === undefined || value === '' ? '–' : String(value);
}

// A control with its visible label (the label wraps it, so no id pairing can go wrong).
function field(label, control) {
  if (control.type === 'checkbox') return element('label', { className: 'check' }, control, ' ', label);
  return element('label', { className: 'field' }, element('span', { textContent: label }), control);
}

function select(id, options, value = '') {
  const node = element('select', { id }, ...options.map(([v, label]) => element('option', { value: v, textContent: label })));
  node.value = value;
  return node;
}

function button(label, props = {}, onClick = null) {
  const node = element('button', { type: 'button', textContent: label, ...props });
  if (onClick) node.addEventListener('click', onClick);
  return node;
}

// Free text in a table (errors, details): it wraps, where ids and amounts do not.
function prose(value) {
  return element('span', { className: 'prose', textContent: text(value) });
}

function row(dataset, ...cells) {
  return element('tr', { dataset }, ...cells.map((cell) => element('td', {}, cell instanceof Node ? cell : text(cell))));
}

// A table inside a wrapper that scrolls sideways on narrow screens (the page itself never does).
function dataTable(id, caption, headers, rows, emptyText) {
  const table = element('table', { id },
    element('caption', { textContent: caption }),
    element('thead', {}, element('tr', {}, ...headers.map((h) => element('th', { scope: 'col', textContent: h })))),
    element('tbody', {}, ...rows));
  const wrap = element('div', { className: 'table-wrap' }, table);
  if (rows.length === 0) wrap.append(element('p', { className: 'empty', textContent: emptyText }));
  return wrap;
}

// Fills `slot` with what `build` makes from a fresh read. An answer that arrives after the user
// has moved to another page is dropped, so a slow read never paints over the current view.
async function fill(slot, build) {
  try {
    const content = await build();
    if (slot.isConnected) slot.replaceChildren(...[].concat(content));
  } catch (error) {
    if (slot.isConnected) fail(error);
  }
}

// ---- Money and time ----

// The currency's own number of decimals (JPY 0, USD 2, KWD 3).
function currencyDigits(currency) {
  return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits;
}

// Minor units as major-unit digits, by string arithmetic: 1250 USD is "12.50", 1250 KWD "1.250".
function majorUnits(minor, currency) {
  const digits = currencyDigits(currency);
  const sign = minor < 0 ? '-' : ''; // a net amount can be negative after a lost dispute
  const plain = String(Math.abs(minor)).padStart(digits + 1, '0');
  return digits === 0 ? sign + plain : `${sign}${plain.slice(0, -digits)}.${plain.slice(-digits)}`;
}

function formatMoney(minor, currency) {
  const code = currency.toUpperCase(); // WooshPay's own records spell it "usd"
  return `${code} ${majorUnits(minor, code)}`;
}

// Major-unit text ("5.00") to integer minor units, strictly: digits, at most the currency's
// decimals; null for anything else. No floating point, so "0.29" is 29, never 28.999...
function parseMoney(input, currency) {
  const match = /^(\d+)(?:\.(\d+))?$/.exec(String(input).trim());
  const digits = currencyDigits(currency);
  if (!match || (match[2] || '').length > digits) return null;
  const minor = Number(match[1] + (match[2] || '').padEnd(digits, '0'));
  return Number.isSafeInteger(minor) ? minor : null;
}

// A mistake in what the user typed, caught before anything is sent.
class InputError extends Error {}

// parseMoney for a form: the same rules, but an InputError that says what is wrong.
function readAmount(input, currency, positive, what = 'The amount') {
  const digits = currencyDigits(currency);
  const trimmed = input.trim();
  if (!/^\d+(\.\d+)?$/.test(trimmed)) {
    throw new InputError(`${what} must be a number like ${majorUnits(5 * 10 ** digits, currency)}.`);
  }
  if ((trimmed.split('.')[1] || '').length > digits) {
    throw new InputError(digits === 0 ? `${currency} amounts have no decimals.` : `${currency} amounts have at most ${digits} decimals.`);
  }
  const minor = parseMoney(trimmed, currency);
  if (minor === null) throw new InputError(`${what} is too large.`);
  if (positive && minor === 0) throw new InputError(`${what} must be more than zero.`);
  return minor;
}

// Epoch seconds as "YYYY-MM-DD HH:MM UTC".
function formatTime(seconds) {
  if (seconds === null || seconds === undefined) return '–';
  return new Date(seconds * 1000).toISOString().slice(0, 16).replace('T', ' ') + ' UTC';
}

// A Date as RFC 3339 in UTC, without milliseconds.
function rfc3339(date) {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

// ---- API client ----

class ApiError extends Error {
  constructor(message, code, status) { super(message); this.code = code; this.status = status; }
}

// One call, answered with the parsed JSON or thrown as an ApiError carrying the API's own
// message and code. Changes carry the session's CSRF token: the cookie alone proves nothing,
// since the browser would attach it to a request another site's page makes.
async function request(method, path, body) {
  const headers = { Accept: 'application/json' };
  if (method !== 'GET') {
    headers['Content-Type'] = 'application/json';
    if (session) headers['X-CSRF-Token'] = session.csrf;
  }
  let response;
  try {
    response = await fetch(path, {
      method, headers, credentials: 'same-origin', cache: 'no-store',
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new ApiError('The service could not be reached; try again.', 'network_error', 0);
  }
  const data = await response.json().catch(() => null);
  if (!response.ok) {
    const error = (data && data.error) || {};
    throw new ApiError(error.message || `The service answered ${response.status}.`, error.code || `http_${response.status}`, response.status);
  }
  return data;
}

// Every admin call made while signed in: a 401 means the session ended (idle too long, signed
// out elsewhere, key revoked), so the page goes back to the sign-in form.
async function api(method, path, body) {
  try {
    return await request(method, path, body);
  } catch (error) {
    if (error.status === 401) endSession('Your session ended; sign in again.');
    throw error;
  }
}

// "/v1/admin/" + the parts, each encoded (ids come from API data and the URL).
function adminPath(...parts) {
  return '/v1/admin/' + parts.map(encodeURIComponent).join('/');
}

// `path` with the non-empty `params` as its query string.
function withQuery(path, params) {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== null && value !== undefined && value !== '') query.set(key, value);
  }
  const encoded = query.toString();
  return encoded ? `${path}?${encoded}` : path;
}

// ---- Session and roles ----

// What each role may change; every role reads everything. The views render an action only
// when can() allows it (the API refuses the rest anyway, with 403).
const ABILITIES = { viewer: [], operator: ['operate'], catalog: ['catalog'], admin: ['operate', 'catalog', 'keys'] };
let session = null; // { name, role, csrf } while signed in; nothing else holds it
// What the views remember between visits (a list's filters and page); forgotten at sign-out.
const remembered = new Map();

function can(ability) {
  return session !== null && (ABILITIES[session.role] || []).includes(ability);
}

function startSession(data) {
  session = { name: data.key_name, role: data.role, csrf: data.csrf_token };
  $('#whoami').textContent = `${session.name} (${session.role})`;
  renderNav();
  showSigninMessage('');
  $('#signin').hidden = true;
  $('#app').hidden = false;
  route();
}

// Back to the sign-in form, with everything the session showed taken out of the page.
function endSession(message) {
  session = null;
  remembered.clear();
  const dialog = $('#action-dialog');
  if (dialog.open) dialog.close();
  for (const id of ['#view', '#nav', '#whoami', '#flash']) $(id).replaceChildren();
  $('#app').hidden = true;
  $('#signin').hidden = false;
  showSigninMessage(message);
  $('#signin-key').focus();
}

function showSigninMessage(message) {
  $('#signin-error').textContent = message;
  $('#signin-error').hidden = message === '';
}

async function signIn(event) {
  event.preventDefault();
  const input = $('#signin-key');
  const submit = $('#signin-submit');
  submit.disabled = true;
  try {
    const data = await request('POST', '/v1/admin/session', { api_key: input.value.trim() });
    input.value = '';
    startSession(data);
  } catch (error) {
    showSigninMessage(`${error.message} (${error.code})`);
  } finally {
    submit.disabled = false;
  }
}

async function signOut() {
  try {
    await request('DELETE', '/v1/admin/session');
  } catch (error) {
    // An ended session is as good as signed out; anything else leaves the cookie valid, so say so.
    if (error.status !== 401) return fail(error);
  }
  endSession('');
}

// ---- Navigation and router ----

const SECTIONS = [
  ['orders', 'Orders'], ['reviews', 'Reviews'], ['disputes', 'Disputes'],
  ['authorizations', 'Lapsing authorisations'], ['webhooks', 'Webhook inbox'],
  ['notifications', 'Notifications'], ['reconcile', 'Reconciliation'], ['catalog', 'Catalog'],
  ['keys', 'Keys', 'keys'],
];
const views = new Map(); // "orders" or "orders/:id" -> render(id)

function defineView(path, render) {
  views.set(path, render);
}

function renderNav() {
  const links = SECTIONS.filter(([, , ability]) => !ability || can(ability))
    .map(([name, label]) => element('li', {}, element('a', { href: `#/${name}`, textContent: label, dataset: { section: name } })));
  $('#nav').replaceChildren(element('ul', {}, ...links));
}

// Renders the view the hash names (#/orders, #/orders/<id>...); anything else goes to #/orders.
function route() {
  if (!session) return;
  let parts;
  try {
    parts = location.hash.replace(/^#\/?/, '').split('/').map(decodeURIComponent);
  } catch {
    parts = []; // a malformed %-escape
  }
  const [section, id] = parts;
  const render = parts.length === 1 ? views.get(section) : parts.length === 2 && id ? views.get(`${section}/:id`) : undefined;
  if (!render) return location.replace('#/orders'); // fires hashchange, which routes again
  for (const link of document.querySelectorAll('#nav a')) {
    if (link.dataset.section === section) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
  render(id);
  $('#view').focus();
}

// Replaces the main region with a new page titled `title`, and returns it to fill.
function setView(title) {
  document.title = `${title} · Back office`;
  const page = element('div', { className: 'page' }, element('h1', { textContent: title }));
  $('#view').replaceChildren(page);
  return page;
}

// ---- Flash line ----

function flash(message) {
  $('#flash').classList.remove('error');
  $('#flash').textContent = message;
}

// A refusal, in the API's own words and code.
function fail(error) {
  if (!session) return; // signed out meanwhile: the sign-in form says why
  $('#flash').classList.add('error');
  $('#flash').textContent = error instanceof ApiError ? `${error.message} (${error.code})` : `This page failed: ${error.message}`;
}

// ---- The action dialog ----

// Every change goes through this one dialog: it states what will happen, holds the action's
// fields, and sends nothing until confirmed. `summary` (text, or a function re-run as the fields
// change) says what will happen; `run` checks the fields (an InputError keeps the dialog open
// with its message, nothing sent), makes the call and returns the flash text; `after` re-reads
// the page, whether the call was accepted or refused, as long as the user is still on it.
let pendingAction = null;

function openAction({ title, summary, fields = [], confirmLabel, run, after }) {
  pendingAction = { summary, run, after, hash: location.hash };
  $('#action-title').textContent = title;
  $('#action-fields').replaceChildren(...fields);
  $('#action-confirm').textContent = confirmLabel;
  $('#action-confirm').disabled = false;
  setActionError('');
  updateSummary();
  $('#action-dialog').showModal();
}

function updateSummary() {
  if (!pendingAction) return;
  const { summary } = pendingAction;
  $('#action-summary').textContent = typeof summary === 'function' ? summary() : summary;
}

function setActionError(message) {
  $('#action-error').textContent = message;
  $('#action-error').hidden = message === '';
}

async function confirmAction(event) {
  event.preventDefault();
  const action = pendingAction;
  const confirm = $('#action-confirm');
  if (!action || confirm.disabled) return;
  setActionError('');
  confirm.disabled = true;
  // Escape may close the dialog while the call runs, and another may open: close only our own.
  const close = () => { if (pendingAction === action) $('#action-dialog').close(); };
  try {
    const message = await action.run();
    close();
    flash(message);
  } catch (error) {
    if (error instanceof InputError) return setActionError(error.message);
    close();
    fail(error);
  } finally {
    confirm.disabled = false;
  }
  if (session && action.after && location.hash === action.hash) {
    await action.after();
    $('#view').focus(); // the button that opened the dialog was just re-rendered away
  }
}

// ---- Start ----

// Deferred scripts run before DOMContentLoaded, so by then admin-views.js has defined its views.
document.addEventListener('DOMContentLoaded', async () => {
  $('#signin-form').addEventListener('submit', signIn);
  $('#signout').addEventListener('click', signOut);
  $('#action-form').addEventListener('submit', confirmAction);
  $('#action-form').addEventListener('input', updateSummary);
  $('#action-form').addEventListener('change', updateSummary);
  $('#action-dismiss').addEventListener('click', () => $('#action-dialog').close());
  // However the dialog closes (Escape included), what was typed in it goes with it.
  $('#action-dialog').addEventListener('close', () => {
    pendingAction = null;
    $('#action-fields').replaceChildren();
  });
  window.addEventListener('hashchange', () => {
    flash('');
    route();
  });
  try {
    startSession(await request('GET', '/v1/admin/session'));
  } catch (error) {
    $('#signin').hidden = false;
    showSigninMessage(error.status === 401 ? '' : `${error.message} (${error.code})`);
    $('#signin-key').focus();
  }
});
