// Demo storefront for the merchant API: one page, plain JavaScript, no build step.
// Shop view: products, a cart and three ways to pay (hosted checkout, the WooshPay JS SDK
// through demo/wooshpay-widget.js, a direct start with any configured method and the details
// it needs). Status view (/demo?order=...&status=..., where the service's
// return endpoint sends the customer): the order's live status, polled until final.
// The page calls the API from the same origin; prices and totals always come from the server.
'use strict';

// Order statuses after which nothing changes without someone acting.
const FINAL = ['paid', 'payment_failed', 'canceled', 'expired', 'refunded', 'partially_refunded', 'authorized'];
// Final statuses in which the customer's money was taken.
const PAID = ['paid', 'partially_refunded', 'refunded'];
// An authorisation is its own state: the money is held, not yet charged (the shop captures
// it later, or it lapses). Never shown as paid; the cart is done with either way.
const AUTHORIZED = 'authorized';
const POLL_INTERVAL_MS = 1000;
const POLL_LIMIT_MS = 60000;

const $ = (selector) => document.querySelector(selector);
const state = { config: null, products: [], currency: null };
const sdk = { payment: null };

// ---- Storage: order tokens in localStorage (by order id), the cart in sessionStorage ----

const storage = {
  token: (orderId) => localStorage.getItem('demo.token.' + orderId),
  saveToken: (orderId, token) => localStorage.setItem('demo.token.' + orderId, token),
  cart: () => readJSON(sessionStorage, 'demo.cart', {}),
  saveCart: (cart) => sessionStorage.setItem('demo.cart', JSON.stringify(cart)),
  // The unpaid order made from the current cart, reused while the cart does not change.
  order: () => readJSON(sessionStorage, 'demo.order', null),
  saveOrder: (order) => sessionStorage.setItem('demo.order', JSON.stringify(order)),
  forgetOrder: () => sessionStorage.removeItem('demo.order'),
  forgetCart: () => { sessionStorage.removeItem('demo.cart'); sessionStorage.removeItem('demo.order'); },
};

function readJSON(area, key, fallback) {
  try { return JSON.parse(area.getItem(key)) ?? fallback; } catch { return fallback; }
}

// ---- API calls: every non-2xx answer carries {"error":{"code","message",...}} ----

class ApiError extends Error {
  constructor(message, code, status) { super(message); this.code = code; this.status = status; }
}

async function api(method, path, body, token) {
  const headers = {};
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (token) headers['X-Order-Token'] = token;
  let response;
  try {
    response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  } catch {
    throw new ApiError('The service could not be reached; try again.', 'network_error', 0);
  }
  const data = await response.json().catch(() => null);
  if (!response.ok) {
    const error = (data && data.error) || {};
    throw new ApiError(error.message || `The service answered ${response.status}.`, error.code || 'http_' + response.status, response.status);
  }
  return data;
}

function showError(message, code) {
  const box = $('#error');
  box.textContent = message;
  box.dataset.code = code || '';
  box.hidden = false;
}

function clearError() {
  const box = $('#error');
  box.textContent = '';
  delete box.dataset.code;
  box.hidden = true;
}

function fail(error) { showError(error.message, error.code); }

// ---- Small DOM and money helpers ----

function element(tag, props = {}, ...children) {
  const node = Object.assign(document.createElement(tag), props);
  node.append(...children);
  return node;
}

// Minor units to text, with the currency's own number of decimals (JPY 0, KWD 3, ...).
function money(amount, currency) {
  const format = new Intl.NumberFormat(undefined, { style: 'currency', currency });
  return format.format(amount / 10 ** format.resolvedOptions().maximumFractionDigits);
}

function priceOf(product, currency) {
  const price = product.prices.find((p) => p.currency === currency);
  return price ? price.unit_amount : null;
}

// ---- Shop view ----

async function showShop() {
  try {
    const [config, products] = await Promise.all([api('GET', '/demo/config.json'), api('GET', '/v1/products')]);
    state.config = config;
    state.products = products.data;
  } catch (error) {
    return fail(error);
  }
  fillCurrencies();
  fillDirectMethods();
  renderProducts();
  renderCart();
}

// The configured currencies that at least one product has a price in.
function fillCurrencies() {
  const priced = new Set(state.products.flatMap((p) => p.prices.map((price) => price.currency)));
  let currencies = state.config.currencies.filter((c) => priced.has(c));
  if (currencies.length === 0) currencies = state.config.currencies;
  const saved = localStorage.getItem('demo.currency');
  state.currency = currencies.includes(saved) ? saved : currencies[0];
  $('#currency').replaceChildren(...currencies.map((c) => element('option', { value: c, textContent: c })));
  $('#currency').value = state.currency;
}

// The deployment's non-card methods that can be started directly in the chosen currency,
// with the details each needs (config.payment_methods); alipay when there is none (the
// server then says why not). Checkout-only methods are paid on WooshPay's page.
function fillDirectMethods() {
  const previous = $('#direct-method').value;
  let methods = (state.config.payment_methods || [])
    .filter((m) => m.type !== 'card' && m.flows.includes('direct'))
    .filter((m) => !m.currencies || m.currencies.includes(state.currency))
    .map((m) => m.type);
  if (methods.length === 0) methods = ['alipay'];
  $('#direct-method').replaceChildren(...methods.map((m) => element('option', { value: m, textContent: m })));
  $('#direct-method').value = methods.includes(previous) ? previous : methods.includes('alipay') ? 'alipay' : methods[0];
  renderMethodFields();
}

function methodSpec(type) {
  return (state.config.payment_methods || []).find((m) => m.type === type);
}

// One input per field the chosen method needs: a select for a choice (its first value, WEB
// for Alipay's terminal type, preselected), else a required text input; the e-mail is
// prefilled from the order's.
function renderMethodFields() {
  const spec = methodSpec($('#direct-method').value);
  const fields = (spec && spec.fields) || [];
  $('#method-name').textContent = spec ? spec.type : '';
  $('#method-inputs').replaceChildren(...fields.map((field) => {
    const id = 'field-' + field.path.replaceAll('.', '-');
    let input;
    if (field.kind === 'choice') {
      input = element('select', { id }, ...field.choices.map((c) => element('option', { value: c, textContent: c })));
    } else {
      const type = field.kind === 'email' ? 'email' : field.kind === 'tel' ? 'tel' : 'text';
      input = element('input', { id, type, required: true });
      if (field.kind === 'email') input.value = $('#email').value.trim();
      if (field.kind === 'country') Object.assign(input, { maxLength: 2, placeholder: 'BR, SG, GB...' });
    }
    input.dataset.path = field.path;
    return element('label', {}, field.label + ' ', input);
  }));
  $('#method-fields').hidden = fields.every((f) => f.kind === 'choice') && fields.length <= 1;
}

// Every product, priced in the chosen currency. A sold-out product cannot be added; the
// server still refuses what cannot be sold (out_of_stock, price_unavailable) and says why.
function renderProducts() {
  $('#products').replaceChildren(...state.products.map((product) => {
    const price = priceOf(product, state.currency);
    const add = element('button', { type: 'button', className: 'add', textContent: 'Add', disabled: !product.in_stock });
    add.addEventListener('click', () => changeQuantity(product.sku, 1));
    const li = element('li', {},
      element('span', { className: 'name', textContent: product.name },
        element('span', { className: 'description', textContent: product.description })),
      product.in_stock ? '' : element('span', { className: 'sold-out', textContent: 'sold out' }),
      element('span', { className: 'price', textContent: price === null ? `no ${state.currency} price` : money(price, state.currency) }),
      add);
    li.dataset.sku = product.sku;
    return li;
  }));
}

function renderCart() {
  const cart = storage.cart();
  let total = 0;
  let priced = true;
  $('#cart').replaceChildren(...Object.entries(cart).map(([sku, quantity]) => {
    const product = state.products.find((p) => p.sku === sku);
    const price = product ? priceOf(product, state.currency) : null;
    if (price === null) priced = false; else total += price * quantity;
    const remove = element('button', { type: 'button', className: 'remove', textContent: '−', title: 'One less' });
    remove.addEventListener('click', () => changeQuantity(sku, -1));
    const li = element('li', {},
      element('span', { className: 'name', textContent: product ? product.name : sku }),
      element('span', { className: 'qty', textContent: String(quantity) }),
      remove);
    li.dataset.sku = sku;
    li.dataset.quantity = String(quantity);
    return li;
  }));
  $('#cart-total').textContent = Object.keys(cart).length === 0 ? '–' : priced ? money(total, state.currency) : 'see prices';
}

function changeQuantity(sku, delta) {
  const cart = storage.cart();
  cart[sku] = (cart[sku] || 0) + delta;
  if (cart[sku] <= 0) delete cart[sku];
  storage.saveCart(cart);
  renderCart();
}

function setBusy(busy) {
  for (const id of ['#pay-checkout', '#pay-sdk', '#pay-direct', '#sdk-submit']) $(id).disabled = busy;
}

// The order for the current cart: created once, then reused (a declined payment can be
// retried on it) until the cart, currency or e-mail changes.
async function currentOrder() {
  const request = {
    currency: state.currency,
    items: Object.entries(storage.cart()).map(([sku, quantity]) => ({ sku, quantity })),
    customer: { email: $('#email').value.trim() },
  };
  const signature = JSON.stringify(request);
  const saved = storage.order();
  if (saved && saved.signature === signature && storage.token(saved.id)) return saved.id;
  const order = await api('POST', '/v1/orders', request);
  storage.saveToken(order.id, order.client_token);
  storage.saveOrder({ id: order.id, signature });
  return order.id;
}

// A direct start: the method's type and every field the page asked for, at its path
// (payment_method_data.billing_details.name, payment_method_options.alipay.terminal_type...).
function directBody(type) {
  const body = { mode: 'direct', payment_method_data: { type } };
  for (const input of document.querySelectorAll('#method-inputs [data-path]')) {
    const value = input.value.trim();
    if (!value) continue; // the server names the missing field
    const path = input.dataset.path.split('.');
    let node = body;
    for (const key of path.slice(0, -1)) node = node[key] = node[key] || {};
    node[path[path.length - 1]] = input.dataset.path.endsWith('.country') ? value.toUpperCase() : value;
  }
  return body;
}

// A next action without a page to open: the QR payload to scan, shown in place.
function showQRCode(orderId, code) {
  $('#qr-code').textContent = code;
  $('#qr-order').href = `/demo?order=${encodeURIComponent(orderId)}&status=pending`;
  $('#qr-view').hidden = false;
}

async function pay(mode) {
  clearError();
  setBusy(true);
  try {
    const orderId = await currentOrder();
    const body = mode === 'direct' ? directBody($('#direct-method').value) : { mode };
    const payment = await api('POST', `/v1/orders/${encodeURIComponent(orderId)}/payments`, body, storage.token(orderId));
    if (mode === 'checkout') {
      if (!payment.redirect_url) throw new ApiError('WooshPay gave no checkout page for this payment.', 'no_redirect', 0);
      location.assign(payment.redirect_url);
    } else if (mode === 'direct') {
      const action = payment.next_action;
      if (action && action.redirect_url) location.assign(action.redirect_url);
      else if (action && action.qr_code) showQRCode(orderId, action.qr_code);
      else showStatusAfterPayment(orderId, payment.status);
    } else {
      await mountCardForm(orderId, payment);
    }
  } catch (error) {
    // An order that can no longer be paid is dropped, so the next click makes a new one.
    if (['order_not_payable', 'order_already_paid'].includes(error.code)) storage.forgetOrder();
    fail(error);
  } finally {
    setBusy(false);
  }
}

// ---- SDK flow: WooshPay's card widget, confirmed in the page (demo/wooshpay-widget.js) ----

async function mountCardForm(orderId, payment) {
  await WooshPayWidget.mount(payment, '#card-element', state.config && state.config.wooshpay_js_url);
  sdk.payment = { orderId, id: payment.id };
  $('#sdk-form').hidden = false;
}

async function submitCard(event) {
  event.preventDefault();
  const payment = sdk.payment;
  if (!payment) return;
  clearError();
  setBusy(true);
  try {
    // Where WooshPay sends the customer after a 3-D Secure challenge: our return endpoint,
    // which re-reads the payment and redirects back here with ?order=&status=.
    const returnURL = `${location.origin}/v1/orders/${encodeURIComponent(payment.orderId)}/return?attempt=${encodeURIComponent(payment.id)}`;
    const result = WooshPayWidget.result(await WooshPayWidget.confirm(returnURL));
    if (result.state === 'failed') return showError(result.message, result.code);
    // A 3-D Secure challenge: the SDK is taking the customer to it; the return brings them back.
    if (result.state === 'redirecting') return;
    showStatusAfterPayment(payment.orderId, result.status);
  } catch (error) {
    showError(error.message || 'The payment could not be confirmed.', error.code || 'sdk_error');
  } finally {
    setBusy(false);
  }
}

// ---- Status view ----

// A payment's (or payment intent's) status in the return endpoint's words.
function outcome(paymentStatus) {
  if (paymentStatus === 'succeeded') return 'paid';
  if (paymentStatus === 'requires_capture') return AUTHORIZED;
  if (paymentStatus === 'canceled') return 'canceled';
  if (paymentStatus === 'failed' || paymentStatus === 'requires_payment_method') return 'failed';
  return 'pending';
}

// Shows the status view in place, with the state in the URL so a reload keeps it.
function showStatusAfterPayment(orderId, paymentStatus) {
  const status = outcome(paymentStatus);
  history.pushState(null, '', `/demo?order=${encodeURIComponent(orderId)}&status=${encodeURIComponent(status)}`);
  showStatus(orderId, status);
}

function showStatus(orderId, returnStatus) {
  $('#shop-view').hidden = true;
  $('#sdk-form').hidden = true;
  $('#currency').closest('label').hidden = true;
  $('#status-view').hidden = false;
  $('#order-id').textContent = orderId;
  $('#return-status').textContent = returnStatus === AUTHORIZED ? 'authorised, not yet charged' : returnStatus;
  $('#return-status').dataset.status = returnStatus;
  pollOrder(orderId, returnStatus);
}

// Whether polling can stop at `status`. After a payment the customer saw succeed, an unpaid
// status is stale (a decline before the success, a webhook still on its way): the order
// cannot move back from paid, so it is read again until it catches up.
function settled(status, returnStatus) {
  if (returnStatus === AUTHORIZED) return status === AUTHORIZED || PAID.includes(status);
  return FINAL.includes(status) && (returnStatus !== 'paid' || PAID.includes(status));
}

// Reads the order every second until its status is final or a minute has passed.
async function pollOrder(orderId, returnStatus) {
  const view = $('#order-status');
  delete view.dataset.final;
  const token = storage.token(orderId);
  const deadline = Date.now() + POLL_LIMIT_MS;
  if (!token) showError(`This browser holds no token for order ${orderId}, so its status cannot be read.`, 'order_token_required');
  while (token) {
    try {
      const order = await api('GET', `/v1/orders/${encodeURIComponent(orderId)}`, undefined, token);
      clearError();
      view.textContent = order.status === AUTHORIZED ? 'authorised, not yet charged' : order.status;
      view.dataset.status = order.status;
      if (settled(order.status, returnStatus)) {
        if (PAID.includes(order.status) || order.status === AUTHORIZED) storage.forgetCart();
        break;
      }
    } catch (error) {
      fail(error);
      if (error.status === 401 || error.status === 404) break; // reading again cannot help
    }
    if (Date.now() + POLL_INTERVAL_MS > deadline) break;
    await new Promise((resolve) => setTimeout(resolve, POLL_INTERVAL_MS));
  }
  view.dataset.final = 'true';
}

// ---- Start ----

$('#pay-checkout').addEventListener('click', () => pay('checkout'));
$('#pay-sdk').addEventListener('click', () => pay('sdk'));
$('#pay-direct').addEventListener('click', () => pay('direct'));
$('#sdk-form').addEventListener('submit', submitCard);
$('#currency').addEventListener('change', (event) => {
  state.currency = event.target.value;
  localStorage.setItem('demo.currency', state.currency);
  fillDirectMethods();
  renderProducts();
  renderCart();
});
$('#direct-method').addEventListener('change', renderMethodFields);
$('#new-order').addEventListener('click', () => storage.forgetCart());
window.addEventListener('popstate', () => location.reload());

const params = new URLSearchParams(location.search);
if (params.get('order')) showStatus(params.get('order'), params.get('status') || '');
else showShop();
