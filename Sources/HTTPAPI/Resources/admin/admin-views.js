// The back office's pages, one view per route of the hash router in admin.js (whose helpers they
// use). Each renders from a fresh read of the admin API. An action is rendered only for a role
// that may take it (can()), and every change goes through the action dialog (openAction).
'use strict';

const ORDER_STATUSES = ['awaiting_payment', 'requires_action', 'processing', 'authorized', 'paid',
  'partially_refunded', 'refunded', 'payment_failed', 'canceled', 'expired'];
const REFUND_REASONS = ['requested_by_customer', 'duplicate', 'fraudulent'];
const KEY_ROLES = ['viewer', 'operator', 'catalog', 'admin'];
// The admin API does not list the shop's CURRENCIES: offer the default set plus any a product uses.
const DEFAULT_CURRENCIES = ['USD', 'EUR', 'GBP', 'JPY', 'KWD'];
const EVIDENCE_TYPES = { pdf: 'application/pdf', png: 'image/png', jpg: 'image/jpeg', jpeg: 'image/jpeg' };
const EVIDENCE_MAX_BYTES = 1024 * 1024;
const HOUR_MS = 3600 * 1000;
const DAY_MS = 24 * HOUR_MS;

function orderLink(id) {
  return element('a', { className: 'order-link', href: `#/orders/${encodeURIComponent(id)}`, textContent: id });
}

function options(values) {
  return values.map((value) => [value, value]);
}

function paragraph(content, className = '') {
  return element('p', { className, textContent: content });
}

// ---- Paged lists ----

// A list the API answers in pages: "Next page" asks for starting_after = the last id shown,
// "Previous page" goes back through the cursors used so far. The raw filter values (`form`)
// and the place in the list are remembered, so coming back from an order shows the same page;
// `query` turns the filter values into the API's parameters at each load.
function pagedList(name, path, slot, renderRows, query = (form) => form) {
  if (!remembered.has(name)) remembered.set(name, { form: {}, after: null, before: [] });
  const state = remembered.get(name);
  const prev = button('Previous page', { id: `${name}-prev`, hidden: true });
  const next = button('Next page', { id: `${name}-next`, hidden: true });
  let lastId = null;
  const load = () => fill(slot, async () => {
    prev.disabled = next.disabled = true;
    try {
      const page = await api('GET', withQuery(path, { ...query(state.form), starting_after: state.after }));
      lastId = page.data.length > 0 ? page.data[page.data.length - 1].id : null;
      next.hidden = !(page.has_more && lastId);
      prev.hidden = state.before.length === 0;
      return renderRows(page.data);
    } finally {
      prev.disabled = next.disabled = false;
    }
  });
  prev.addEventListener('click', () => { state.after = state.before.pop(); load(); });
  next.addEventListener('click', () => { state.before.push(state.after); state.after = lastId; load(); });
  const filter = (form) => { Object.assign(state, { form, after: null, before: [] }); return load(); };
  return { state, load, filter, controls: element('div', { className: 'pager' }, prev, next) };
}

// ---- Orders ----

// The filter form's values as the list's parameters: dates are whole UTC days, and created_to
// is exclusive, so the chosen "to" day is included by asking for the start of the day after.
function ordersQuery(form) {
  const dayAfter = (day) => rfc3339(new Date(Date.parse(`${day}T00:00:00Z`) + DAY_MS));
  return {
    email: form.email, status: form.status, needs_review: form.review,
    created_from: form.from ? `${form.from}T00:00:00Z` : '',
    created_to: form.to ? dayAfter(form.to) : '',
  };
}

function ordersFilter(list) {
  const values = list.state.form;
  const email = element('input', { id: 'filter-email', type: 'email', value: values.email || '', autocomplete: 'off' });
  const status = select('filter-status', [['', 'any'], ...options(ORDER_STATUSES)], values.status);
  const from = element('input', { id: 'filter-from', type: 'date', value: values.from || '' });
  const to = element('input', { id: 'filter-to', type: 'date', value: values.to || '' });
  const review = select('filter-review', [['', 'any'], ['true', 'yes'], ['false', 'no']], values.review);
  const form = element('form', { id: 'orders-filter', className: 'filters' },
    field('Customer e-mail', email), field('Status', status), field('Created from', from),
    field('Created to (inclusive)', to), field('Needs review', review),
    element('button', { id: 'filter-apply', type: 'submit', textContent: 'Apply' }));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    list.filter({ email: email.value.trim(), status: status.value, from: from.value, to: to.value, review: review.value });
  });
  return form;
}

function ordersTable(orders) {
  return dataTable('orders-table', 'Orders, newest first', ['Order', 'Created', 'Status', 'Customer e-mail', 'Total', 'Needs review'],
    orders.map((order) => row({ orderId: order.id, status: order.status },
      orderLink(order.id), formatTime(order.created_at), order.status, order.customer.email,
      formatMoney(order.total_amount, order.currency), order.needs_review ? 'yes' : 'no')),
    'No orders match.');
}

function showOrders() {
  const page = setView('Orders');
  const slot = element('div');
  const list = pagedList('orders', '/v1/admin/orders', slot, ordersTable, ordersQuery);
  page.append(ordersFilter(list), slot, list.controls);
  list.load();
}

function showReviews() {
  const page = setView('Orders to review');
  const slot = element('div');
  const list = pagedList('reviews', '/v1/admin/orders', slot, (orders) => dataTable('reviews-table', 'Orders that need a person, newest first',
    ['Order', 'Created', 'Status', 'Total', 'Why'],
    orders.map((order) => row({ orderId: order.id }, orderLink(order.id), formatTime(order.created_at), order.status,
      formatMoney(order.total_amount, order.currency), prose(order.review_reason))),
    'No order needs review.'), () => ({ needs_review: 'true' }));
  page.append(slot, list.controls);
  list.load();
}

// ---- One order ----

function summaryList(entries) {
  return element('dl', { className: 'summary' }, ...entries.flatMap(([label, value, id]) => [
    element('dt', { textContent: label }),
    element('dd', id ? { id, textContent: text(value) } : { textContent: text(value) }),
  ]));
}

function keyValues(map) {
  return Object.entries(map).map(([key, value]) => `${key}=${value}`).join(' ');
}

function timeline(events) {
  return element('ol', { id: 'order-timeline', className: 'timeline' }, ...events.map((event) => element('li', {},
    element('time', { dateTime: rfc3339(new Date(event.created_at * 1000)), textContent: formatTime(event.created_at) }), ' ',
    element('strong', { textContent: event.type }), ' ',
    element('span', { className: 'cause', textContent: event.cause }), ' ',
    element('span', { className: 'event-data', textContent: keyValues(event.data) }))));
}

function orderPage(order) {
  const money = (amount) => formatMoney(amount, order.currency);
  const customer = order.customer.name ? `${order.customer.email} (${order.customer.name})` : order.customer.email;
  const section = element('section', { id: 'order-page', dataset: { orderId: order.id } }, summaryList([
    ['Status', order.status, 'order-status'],
    ['Customer', customer],
    ['Created', formatTime(order.created_at)],
    ['Updated', formatTime(order.updated_at)],
    ['Expires if unpaid', formatTime(order.expires_at)],
    ['Total', money(order.total_amount), 'order-total'],
    ['Refunded', money(order.refunded_amount), 'order-refunded'],
    ['Disputed', money(order.disputed_amount), 'order-disputed'],
    ['Net', money(order.net_amount), 'order-net'],
    ['Needs review', order.needs_review ? `yes: ${text(order.review_reason)}` : 'no'],
    ['Metadata', keyValues(order.metadata)],
  ]));
  if (can('operate')) section.append(orderActions(order));
  section.append(
    dataTable('order-items', 'Items', ['SKU', 'Name', 'Unit price', 'Quantity', 'Amount'],
      order.items.map((item) => row({ sku: item.sku }, item.sku, item.name, money(item.unit_amount), item.quantity, money(item.amount))),
      'No items.'),
    dataTable('order-payments', 'Payments, oldest first',
      ['Payment', 'Mode', 'Status', 'Amount', 'Received', 'Capturable', 'Capture method', 'Last error'],
      order.payments.map((p) => row({ paymentId: p.id, status: p.status }, p.id, p.mode, p.status, money(p.amount),
        money(p.amount_received), money(p.amount_capturable), p.capture_method,
        prose(p.last_error_code && `${p.last_error_code}: ${text(p.last_error_message)}`))),
      'No payment was started.'),
    dataTable('order-refunds', 'Refunds', ['Refund', 'Created', 'Amount', 'Reason', 'Status', 'Source', 'Cause', 'Failure'],
      order.refunds.map((r) => row({ refundId: r.id, status: r.status }, r.id, formatTime(r.created_at), formatMoney(r.amount, r.currency),
        r.reason, r.status, r.source, r.cause, prose(r.failure_reason))),
      'No refunds.'),
    dataTable('order-disputes', 'Disputes', ['Dispute', 'Amount', 'Reason', 'Status', 'Evidence due'],
      order.disputes.map((d) => row({ disputeId: d.id, status: d.status }, d.id, formatMoney(d.amount, d.currency), d.reason,
        d.status, formatTime(d.evidence_due_by))),
      'No disputes.'),
    element('h2', { textContent: 'Audit trail, oldest first' }),
    timeline(order.events));
  return section;
}

function orderActions(order) {
  const reload = () => showOrder(order.id);
  const authorised = order.payments.find((p) => p.status === 'requires_capture');
  const actions = element('div', { className: 'actions' },
    button('Refund…', { id: 'action-refund' }, () => refundDialog(order, reload)));
  if (authorised) actions.append(button('Capture…', { id: 'action-capture' }, () => captureDialog(order, authorised, reload)));
  actions.append(
    button('Cancel order…', { id: 'action-cancel' }, () => openAction({
      title: `Cancel ${order.id}`,
      summary: `Cancel ${order.id}: its open payments are canceled or voided at WooshPay and its reserved stock returns. `
        + 'If the customer has just paid, the payment wins and the order stays paid.',
      confirmLabel: 'Cancel the order',
      run: async () => {
        const result = await api('POST', adminPath('orders', order.id, 'cancel'));
        return `Order ${result.order} is ${result.status}.`;
      },
      after: reload,
    })),
    button('Sync with WooshPay…', { id: 'action-sync' }, () => openAction({
      title: `Sync ${order.id}`,
      summary: `Read every payment and open refund of ${order.id} again at WooshPay, and record what it says.`,
      confirmLabel: 'Sync',
      run: async () => {
        const result = await api('POST', adminPath('orders', order.id, 'sync'));
        return `Synced ${order.id}: ${result.synced} read again at WooshPay, ${result.failed} not answered.`;
      },
      after: reload,
    })));
  return actions;
}

function amountInput(id) {
  return element('input', { id, type: 'text', inputMode: 'decimal', autocomplete: 'off' });
}

function refundDialog(order, reload) {
  const amount = amountInput('refund-amount');
  const reason = select('refund-reason', options(REFUND_REASONS), 'requested_by_customer');
  openAction({
    title: `Refund ${order.id}`,
    summary: () => {
      const typed = amount.value.trim();
      if (!typed) return `Refund everything that remains of ${order.id}`;
      const minor = parseMoney(typed, order.currency);
      return minor ? `Refund ${formatMoney(minor, order.currency)} of ${order.id}` : `Refund of ${order.id}: “${typed}” is not a ${order.currency} amount yet`;
    },
    fields: [field(`Amount in ${order.currency} (empty: everything that remains)`, amount), field('Reason', reason)],
    confirmLabel: 'Refund',
    run: async () => {
      const body = { reason: reason.value };
      if (amount.value.trim()) body.amount = readAmount(amount.value, order.currency, true);
      const refund = await api('POST', adminPath('orders', order.id, 'refunds'), body);
      return `Refund ${refund.id} of ${formatMoney(refund.amount, refund.currency)}: ${refund.status}.`;
    },
    after: reload,
  });
}

function captureDialog(order, payment, reload) {
  const amount = amountInput('capture-amount');
  const authorised = formatMoney(payment.amount_capturable, order.currency);
  openAction({
    title: `Capture ${order.id}`,
    summary: () => {
      const typed = amount.value.trim();
      if (!typed) return `Capture all ${authorised} authorised of ${order.id}`;
      const minor = parseMoney(typed, order.currency);
      if (!minor) return `Capture of ${order.id}: “${typed}” is not a ${order.currency} amount yet`;
      const rest = payment.amount_capturable - minor;
      return `Capture ${formatMoney(minor, order.currency)} of ${order.id}` + (rest > 0 ? `; the other ${formatMoney(rest, order.currency)} is released` : '');
    },
    fields: [field(`Amount in ${order.currency} (empty: all ${authorised})`, amount)],
    confirmLabel: 'Capture',
    run: async () => {
      const body = amount.value.trim() ? { amount_to_capture: readAmount(amount.value, order.currency, true) } : {};
      const result = await api('POST', adminPath('orders', order.id, 'capture'), body);
      return `Captured ${formatMoney(result.amount_received, order.currency)} on ${result.attempt}: ${result.status}.`;
    },
    after: reload,
  });
}

function showOrder(id) {
  const page = setView(`Order ${id}`);
  const slot = element('div');
  page.append(element('p', {}, element('a', { href: '#/orders', textContent: '← All orders' })), slot);
  return fill(slot, async () => orderPage(await api('GET', adminPath('orders', id))));
}

// ---- Disputes ----

// The receipt as the evidence route takes it: base64 of a PDF, PNG or JPEG of at most 1 MiB.
async function readReceipt(file) {
  const type = EVIDENCE_TYPES[file.name.split('.').pop().toLowerCase()];
  if (!type) throw new InputError('The receipt must be a PDF, PNG or JPEG file.');
  if (file.size === 0) throw new InputError('The receipt file is empty.');
  if (file.size > EVIDENCE_MAX_BYTES) throw new InputError('The receipt is over 1 MiB.');
  const dataURL = await new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.addEventListener('load', () => resolve(reader.result));
    reader.addEventListener('error', () => reject(new InputError('The receipt could not be read.')));
    reader.readAsDataURL(file);
  });
  return { filename: file.name, content_type: type, data: dataURL.slice(dataURL.indexOf(',') + 1) };
}

function evidenceDialog(dispute, reload) {
  const description = element('textarea', { id: 'evidence-product-description', rows: 4 });
  const email = element('input', { id: 'evidence-customer-email', type: 'email', autocomplete: 'off' });
  const receipt = element('input', { id: 'evidence-receipt', type: 'file', accept: '.pdf,.png,.jpg,.jpeg' });
  openAction({
    title: `Evidence for ${dispute.id}`,
    summary: `Send this evidence to WooshPay for dispute ${dispute.id} (${formatMoney(dispute.amount, dispute.currency)}, ${dispute.reason}) `
      + 'and submit it: the dispute goes under review and takes no more evidence.',
    fields: [field('Product description', description), field('Customer e-mail', email),
      field('Receipt (PDF, PNG or JPEG, at most 1 MiB; optional)', receipt)],
    confirmLabel: 'Submit evidence',
    run: async () => {
      const evidence = {};
      if (description.value.trim()) evidence.product_description = description.value.trim();
      if (email.value.trim()) evidence.customer_email_address = email.value.trim();
      const file = receipt.files[0];
      if (!file && Object.keys(evidence).length === 0) throw new InputError('Give a product description, the customer’s e-mail or a receipt.');
      const body = {};
      if (Object.keys(evidence).length > 0) body.evidence = evidence;
      if (file) body.files = { receipt: await readReceipt(file) };
      const result = await api('POST', adminPath('disputes', dispute.id, 'evidence'), body);
      return `Evidence for ${result.id} submitted: ${result.status}.`;
    },
    after: reload,
  });
}

function closeDisputeDialog(dispute, reload) {
  openAction({
    title: `Accept the loss of ${dispute.id}`,
    summary: `Close dispute ${dispute.id} at WooshPay as lost: ${formatMoney(dispute.amount, dispute.currency)} of ${dispute.order} `
      + 'stays with the customer. This cannot be undone.',
    confirmLabel: 'Accept the loss',
    run: async () => {
      const result = await api('POST', adminPath('disputes', dispute.id, 'close'));
      return `Dispute ${result.id} is ${result.status}.`;
    },
    after: reload,
  });
}

function disputesTable(disputes, reload) {
  const operate = can('operate');
  const headers = ['Dispute', 'Order', 'Amount', 'Reason', 'Status', 'Evidence due', 'Evidence sent'];
  return dataTable('disputes-table', 'Disputes, newest first', operate ? [...headers, 'Actions'] : headers,
    disputes.map((d) => {
      const tr = row({ disputeId: d.id, status: d.status }, d.id, orderLink(d.order), formatMoney(d.amount, d.currency), d.reason,
        d.status, formatTime(d.evidence_due_by), d.evidence_submitted ? 'yes' : 'no');
      // Only a dispute waiting for an answer can take evidence or be given up; a decided one cannot.
      const actions = operate && d.status === 'needs_response' ? [
        button('Submit evidence…', { className: 'dispute-evidence', attrs: { 'aria-label': `Submit evidence for ${d.id}` } }, () => evidenceDialog(d, reload)),
        button('Accept the loss…', { className: 'dispute-close', attrs: { 'aria-label': `Accept the loss of ${d.id}` } }, () => closeDisputeDialog(d, reload)),
      ] : [];
      if (operate) tr.append(element('td', {}, element('span', { className: 'row-actions' }, ...actions)));
      return tr;
    }),
    'No disputes match.');
}

function showDisputes() {
  const page = setView('Disputes');
  const slot = element('div');
  const list = pagedList('disputes', '/v1/admin/disputes', slot, (disputes) => disputesTable(disputes, list.load),
    (form) => (form.dueSoon ? { status: 'needs_response', due_before: rfc3339(new Date(Date.now() + 48 * HOUR_MS)) } : {}));
  const dueSoon = element('input', { id: 'disputes-due-soon', type: 'checkbox', checked: Boolean(list.state.form.dueSoon) });
  dueSoon.addEventListener('change', () => list.filter({ dueSoon: dueSoon.checked }));
  page.append(element('div', { className: 'filters' }, field('Evidence due within 48 h', dueSoon)), slot, list.controls);
  list.load();
}

// ---- Lapsing authorisations ----

function showLapsing() {
  const page = setView('Lapsing authorisations');
  const slot = element('div');
  page.append(paragraph('Payments authorised but not captured whose authorisation lapses within 48 hours. Capture them from the order’s page.'), slot);
  fill(slot, async () => {
    const { data } = await api('GET', '/v1/admin/authorizations/lapsing?within_hours=48');
    return dataTable('lapsing-table', 'Lapsing first', ['Order', 'Payment', 'Capturable', 'Authorised', 'Lapses'],
      data.map((a) => row({ orderId: a.order, paymentId: a.attempt }, orderLink(a.order), a.attempt,
        formatMoney(a.amount_capturable, a.currency), formatTime(a.authorized_at), formatTime(a.lapses_at))),
      'No authorisation lapses within 48 hours.');
  });
}

// ---- Webhook inbox and notifications ----

// A row's Replay button; the replay is confirmed in the dialog, then the list is read again.
function replayButton(id, what, path, reload) {
  return button('Replay…', { className: 'replay', attrs: { 'aria-label': `Replay ${id}` } }, () => openAction({
    title: `Replay ${id}`,
    summary: what,
    confirmLabel: 'Replay',
    run: async () => {
      const result = await api('POST', path);
      return `${result.id} is due again (${result.status}).`;
    },
    after: reload,
  }));
}

// A list page with a status filter (select #<name>-status) that reloads when it changes.
function statusFilteredList(name, title, path, statuses, renderRows) {
  const page = setView(title);
  const slot = element('div');
  const list = pagedList(name, path, slot, (items) => renderRows(items, list.load));
  const status = select(`${name}-status`, [['', 'any'], ...options(statuses)], list.state.form.status || '');
  status.addEventListener('change', () => list.filter({ status: status.value }));
  page.append(element('div', { className: 'filters' }, field('Status', status)), slot, list.controls);
  list.load();
}

function showWebhooks() {
  statusFilteredList('webhooks', 'Webhook inbox', '/v1/admin/webhook-events', ['received', 'processed', 'ignored', 'failed'], (events, reload) => {
    const operate = can('operate');
    const headers = ['Event', 'Type', 'Object', 'Status', 'Attempts', 'Last error', 'Received', 'Processed'];
    return dataTable('webhooks-table', 'Events from WooshPay, newest first', operate ? [...headers, 'Actions'] : headers,
      events.map((e) => {
        const tr = row({ eventId: e.id, status: e.status }, e.id, e.type, e.object_id, e.status, e.attempts, prose(e.last_error),
          formatTime(e.received_at), formatTime(e.processed_at));
        if (operate) {
          tr.append(element('td', {}, replayButton(e.id,
            `Replay webhook event ${e.id} (${e.type}): it becomes due now, and the processors sync `
              + `${text(e.sync_object_id || e.object_id)} again through the normal path.`,
            adminPath('webhook-events', e.id, 'replay'), reload)));
        }
        return tr;
      }),
      'No events match.');
  });
}

// Each endpoint's state: when it got the notification, else its tries and last answer.
function deliveries(notification) {
  const state = (d) => (d.delivered_at ? `delivered ${formatTime(d.delivered_at)}`
    : `${d.attempts} tries, last ${text(d.last_status)}${d.last_error ? ` (${d.last_error})` : ''}`);
  return element('ul', { className: 'deliveries' },
    ...notification.deliveries.map((d) => element('li', { textContent: `${d.url}: ${state(d)}` })));
}

function showNotifications() {
  statusFilteredList('notifications', 'Notifications', '/v1/admin/notifications', ['pending', 'delivered', 'failed'], (items, reload) => {
    const operate = can('operate');
    const headers = ['Notification', 'Type', 'Order', 'Status', 'Rounds', 'Next round', 'Created', 'Endpoints'];
    return dataTable('notifications-table', 'Notifications to the shop’s systems, newest first', operate ? [...headers, 'Actions'] : headers,
      items.map((n) => {
        const tr = row({ notificationId: n.id, status: n.status }, n.id, n.type, orderLink(n.order), n.status, n.attempts,
          formatTime(n.next_attempt_at), formatTime(n.created), deliveries(n));
        if (operate) {
          tr.append(element('td', {}, replayButton(n.id,
            `Send notification ${n.id} (${n.type} for ${n.order}) again to every endpoint, those that have it already included.`,
            adminPath('notifications', n.id, 'replay'), reload)));
        }
        return tr;
      }),
      'No notifications match.');
  });
}

// ---- Reconciliation ----

// A Date as a datetime-local input's value, in the browser's time zone.
function localInputValue(date) {
  const pad = (n) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

function reconcileReport(report) {
  const counts = [['checked', report.checked], ['matched', report.matched],
    ['disputes_checked', report.disputes_checked === null ? 'not listed' : report.disputes_checked], ...Object.entries(report.counts)];
  const warnings = [
    report.truncated && 'WooshPay has more payments in this window than one run examines: narrow the window and run again.',
    report.filters_ignored && 'WooshPay ignored the window or cursor: the run stopped and may have missed payments.',
    report.dispute_list_failed && 'WooshPay did not list its disputes: a missed chargeback may remain.',
  ].filter(Boolean);
  return [
    paragraph(`Window: ${formatTime(report.since)} to ${report.until === null ? 'now' : formatTime(report.until)}.`),
    element('p', {
      id: 'reconcile-attention', className: report.needs_attention ? 'attention' : 'all-clear',
      dataset: { needsAttention: String(report.needs_attention) },
      textContent: report.needs_attention ? 'Needs attention: some findings were not repaired.' : 'Nothing needs attention.',
    }),
    ...warnings.map((warning) => paragraph(warning, 'warning')),
    element('dl', { className: 'counts' }, ...counts.map(([key, value]) => element('div', {},
      element('dt', { textContent: key.replaceAll('_', ' ') }),
      element('dd', { dataset: { count: key }, textContent: String(value) })))),
    dataTable('reconcile-findings', 'Findings', ['Kind', 'Action', 'Payment intent', 'Dispute', 'WooshPay status', 'Amount', 'Order', 'Payment', 'Detail'],
      report.findings.map((f) => row({ kind: f.kind, action: f.action }, f.kind, f.action, f.payment_intent, f.dispute, f.gateway_status,
        formatMoney(f.amount, f.currency), f.order_id ? orderLink(f.order_id) : '–', f.attempt_id, prose(f.detail))),
      'No findings: our records agree with WooshPay’s.'),
  ];
}

function showReconcile() {
  const page = setView('Reconciliation');
  page.append(paragraph('Compares WooshPay’s payments and disputes created in a window with ours, and repairs what is safe '
    + 'through the normal sync path. It is safe to run again.'));
  if (!can('operate')) {
    page.append(paragraph(`Running a reconciliation needs an operator or admin key; this one is ${session.role}.`, 'notice'));
    return;
  }
  const since = element('input', { id: 'reconcile-since', type: 'datetime-local', required: true, value: localInputValue(new Date(Date.now() - DAY_MS)) });
  const until = element('input', { id: 'reconcile-until', type: 'datetime-local' });
  const run = element('button', { id: 'reconcile-run', type: 'submit', textContent: 'Run reconciliation' });
  const report = element('div', { id: 'reconcile-report' });
  const form = element('form', { id: 'reconcile-form', className: 'filters' },
    field('Since (your local time)', since), field('Until (optional; empty: now)', until), run);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    // datetime-local values carry no offset, so Date reads them in local time; sent as UTC.
    const body = { since: rfc3339(new Date(since.value)) };
    if (until.value) body.until = rfc3339(new Date(until.value));
    run.disabled = true;
    report.replaceChildren(paragraph('Reconciling with WooshPay…'));
    try {
      const result = await api('POST', '/v1/admin/reconciliations', body);
      report.replaceChildren(...reconcileReport(result));
      flash(`Reconciliation done: ${result.checked} checked, ${result.matched} matched${result.needs_attention ? '; some findings need attention' : ''}.`);
    } catch (error) {
      report.replaceChildren();
      fail(error);
    } finally {
      run.disabled = false;
    }
  });
  page.append(form, report);
}

// ---- Catalog ----

// The inputs of a product's editable fields, ids prefixed ("product" on the create form, "edit"
// in the dialog, both on the page at once); `product` fills them for an edit.
function productInputs(prefix, currencies, product = null) {
  const priceOf = (currency) => product && product.prices.find((p) => p.currency === currency);
  return {
    name: element('input', { id: `${prefix}-name`, type: 'text', required: true, maxLength: 200, value: product ? product.name : '' }),
    description: element('textarea', { id: `${prefix}-description`, rows: 2, maxLength: 2000, value: product ? product.description : '' }),
    prices: currencies.map((currency) => element('input', {
      id: `${prefix}-price-${currency}`, type: 'text', inputMode: 'decimal', autocomplete: 'off', dataset: { currency },
      value: priceOf(currency) ? majorUnits(priceOf(currency).unit_amount, currency) : '',
    })),
    stock: element('input', {
      id: `${prefix}-stock`, type: 'text', inputMode: 'numeric', autocomplete: 'off',
      value: product && product.stock !== null ? String(product.stock) : '',
    }),
    active: element('input', { id: `${prefix}-active`, type: 'checkbox', checked: product ? product.active : true }),
  };
}

function productFields(inputs) {
  return [
    field('Name', inputs.name),
    field('Description', inputs.description),
    element('fieldset', { className: 'prices' }, element('legend', { textContent: 'Prices in major units (empty: not sold in that currency)' }),
      ...inputs.prices.map((input) => field(input.dataset.currency, input))),
    field('Stock (empty: not tracked)', inputs.stock),
    field('On sale', inputs.active),
  ];
}

// The fields as the API takes them; an InputError names what is wrong.
function readProduct(inputs) {
  const prices = inputs.prices.filter((input) => input.value.trim()).map((input) => ({
    currency: input.dataset.currency,
    unit_amount: readAmount(input.value, input.dataset.currency, false, `The ${input.dataset.currency} price`),
  }));
  if (prices.length === 0) throw new InputError('Give at least one price.');
  const stock = inputs.stock.value.trim();
  if (stock && !(/^\d+$/.test(stock) && Number(stock) <= 2147483647)) {
    throw new InputError('Stock is a whole number from 0 to 2147483647, or empty when not tracked.');
  }
  return { name: inputs.name.value, description: inputs.description.value, active: inputs.active.checked, stock: stock ? Number(stock) : null, prices };
}

function productForm(currencies, reload) {
  const sku = element('input', { id: 'product-sku', type: 'text', required: true, maxLength: 64, autocomplete: 'off', spellcheck: false });
  const inputs = productInputs('product', currencies);
  const error = element('p', { id: 'product-error', className: 'form-error', attrs: { role: 'alert' }, hidden: true });
  const form = element('form', { id: 'product-form', className: 'stacked' },
    element('h2', { textContent: 'Add a product' }),
    field('SKU (A-Z a-z 0-9 . _ -)', sku), ...productFields(inputs), error,
    element('button', { id: 'product-create', type: 'submit', textContent: 'Create product' }));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    error.hidden = true;
    let product;
    try {
      product = { sku: sku.value.trim(), ...readProduct(inputs) };
    } catch (problem) {
      if (!(problem instanceof InputError)) throw problem;
      error.textContent = problem.message;
      error.hidden = false;
      return;
    }
    try {
      const created = await api('POST', '/v1/admin/products', product);
      flash(`Product ${created.sku} created.`);
      reload();
    } catch (problem) {
      fail(problem); // the form keeps what was typed, to correct it
    }
  });
  return form;
}

// Prices compared by value, whatever their order.
function samePrices(a, b) {
  const key = (prices) => prices.map((p) => `${p.currency}:${p.unit_amount}`).sort().join();
  return key(a) === key(b);
}

function editProductDialog(product, currencies, reload) {
  const inputs = productInputs('edit', currencies, product);
  // Only what changed is sent: a PATCH leaves the other fields to concurrent edits.
  const changes = () => {
    const next = readProduct(inputs);
    const patch = {};
    for (const key of ['name', 'description', 'active', 'stock']) if (next[key] !== product[key]) patch[key] = next[key];
    if (!samePrices(next.prices, product.prices)) patch.prices = next.prices;
    return patch;
  };
  openAction({
    title: `Change ${product.sku}`,
    summary: () => {
      try {
        const changed = Object.keys(changes());
        return changed.length > 0 ? `Change ${product.sku}: ${changed.join(', ')}.` : `Change ${product.sku}: nothing changed yet.`;
      } catch (problem) {
        if (problem instanceof InputError) return `Change ${product.sku}: ${problem.message}`;
        throw problem;
      }
    },
    fields: productFields(inputs),
    confirmLabel: 'Save changes',
    run: async () => {
      const patch = changes();
      if (Object.keys(patch).length === 0) throw new InputError('Nothing changed.');
      const updated = await api('PATCH', adminPath('products', product.sku), patch);
      return `Product ${updated.sku} updated.`;
    },
    after: reload,
  });
}

function productsTable(products, currencies, reload) {
  const manage = can('catalog');
  const headers = ['SKU', 'Name', 'Prices', 'Stock', 'On sale'];
  return dataTable('products-table', 'Every product, by SKU', manage ? [...headers, 'Actions'] : headers,
    products.map((p) => {
      const tr = row({ sku: p.sku, active: String(p.active) }, p.sku, p.name,
        element('ul', { className: 'prices-list' }, ...p.prices.map((price) => element('li', { textContent: formatMoney(price.unit_amount, price.currency) }))),
        p.stock === null ? 'not tracked' : p.stock, p.active ? 'yes' : 'no');
      if (manage) {
        const actions = [button('Edit…', { className: 'product-edit', attrs: { 'aria-label': `Edit ${p.sku}` } }, () => editProductDialog(p, currencies, reload))];
        if (p.active) {
          actions.push(button('Take off sale…', { className: 'product-deactivate', attrs: { 'aria-label': `Take ${p.sku} off sale` } }, () => openAction({
            title: `Take ${p.sku} off sale`,
            summary: `Take ${p.sku} (${p.name}) off sale: it can no longer be ordered; past orders keep it. Edit it to put it back on sale.`,
            confirmLabel: 'Take off sale',
            run: async () => {
              const result = await api('DELETE', adminPath('products', p.sku));
              return `Product ${result.sku} is off sale.`;
            },
            after: reload,
          })));
        }
        tr.append(element('td', {}, element('span', { className: 'row-actions' }, ...actions)));
      }
      return tr;
    }),
    'No products yet.');
}

function showCatalog() {
  const page = setView('Catalog');
  const slot = element('div');
  page.append(slot);
  return fill(slot, async () => {
    const { data } = await api('GET', '/v1/admin/products');
    const currencies = [...new Set([...DEFAULT_CURRENCIES, ...data.flatMap((p) => p.prices.map((price) => price.currency))])].sort();
    const parts = [productsTable(data, currencies, showCatalog)];
    if (can('catalog')) parts.push(productForm(currencies, showCatalog));
    return parts;
  });
}

// ---- Keys ----

function keysTable(keys, reload) {
  return dataTable('keys-table', 'Admin keys', ['Key', 'Name', 'Role', 'Created', 'Revoked', 'Actions'],
    keys.map((k) => row({ keyId: k.id, revoked: String(k.revoked_at !== null) }, k.id, k.name, k.role, formatTime(k.created_at), formatTime(k.revoked_at),
      k.revoked_at !== null ? '' : button('Revoke…', { className: 'revoke', attrs: { 'aria-label': `Revoke ${k.name}` } }, () => openAction({
        title: `Revoke ${k.name}`,
        summary: `Revoke ${k.name} (${k.role}, ${k.id}): it stops working at once, for good.`
          + (k.name === session.name ? ' It is the key this session signed in with: you will be signed out.' : ''),
        confirmLabel: 'Revoke',
        run: async () => {
          const result = await api('DELETE', adminPath('keys', k.id));
          return `Key ${result.name} is revoked.`;
        },
        after: reload,
      })))),
    'No keys.');
}

// The new key's secret, shown once: it is in this page only until the user leaves it.
function showSecret(box, key) {
  box.replaceChildren(
    paragraph(`The secret of the new key ${key.name} (${key.role}):`),
    element('output', { id: 'key-secret', textContent: key.api_key }),
    paragraph('Copy it now: it is not shown again.', 'note'));
  box.hidden = false;
}

function keyForm(secret, reload) {
  const name = element('input', { id: 'key-name', type: 'text', required: true, maxLength: 100, autocomplete: 'off' });
  const role = select('key-role', options(KEY_ROLES), 'viewer');
  const create = element('button', { id: 'key-create', type: 'submit', textContent: 'Create key' });
  const form = element('form', { id: 'key-create-form', className: 'filters' }, field('Name', name), field('Role', role), create);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    create.disabled = true;
    try {
      const key = await api('POST', '/v1/admin/keys', { name: name.value.trim(), role: role.value });
      name.value = '';
      showSecret(secret, key);
      flash(`Key ${key.name} (${key.role}) created.`);
      reload();
    } catch (error) {
      fail(error);
    } finally {
      create.disabled = false;
    }
  });
  return form;
}

function showKeys() {
  const page = setView('Admin keys');
  if (!can('keys')) {
    page.append(paragraph('Managing keys needs an admin key.', 'notice'));
    return;
  }
  const secret = element('div', { className: 'secret', hidden: true, attrs: { role: 'region', 'aria-label': 'New key' } });
  const slot = element('div');
  const reload = () => fill(slot, async () => keysTable((await api('GET', '/v1/admin/keys')).data, reload));
  page.append(element('h2', { textContent: 'New key' }), keyForm(secret, reload), secret, slot);
  reload();
}

defineView('orders', showOrders);
defineView('orders/:id', showOrder);
defineView('reviews', showReviews);
defineView('disputes', showDisputes);
defineView('authorizations', showLapsing);
defineView('webhooks', showWebhooks);
defineView('notifications', showNotifications);
defineView('reconcile', showReconcile);
defineView('catalog', showCatalog);
defineView('keys', showKeys);
