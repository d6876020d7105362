/// The sandbox's stand-in for WooshPay's JS SDK, served at `GET /js/wooshpay.js`. WooshPay
/// documents only that the widget is "initiated with the payment intent ID", not its API, so
/// this one follows that outline: `WooshPay.init({publishableKey, paymentIntentId,
/// clientSecret})`, `widget.mount(target)` (card inputs) and `widget.confirm({return_url})`,
/// which POSTs a JSON confirm with the publishable key and the client secret in the body
/// (never an Authorization header; the sandbox's CORS preflight allows `Content-Type` only)
/// and follows a `next_action` by navigating to its page. Plain ES2017, no dependencies, no
/// build step. The storefront calls it only from `demo/wooshpay-widget.js` (see README).
enum WooshPaySDK {
    /// The script's source.
    static let script = #"""
        /* WooshPay JS SDK: the WooshPay sandbox's stand-in. Plain ES2017, no dependencies.
         *
         *   const widget = WooshPay.init({publishableKey: 'pk_test_sandbox', paymentIntentId: 'pi_...',
         *                                 clientSecret: 'pi_..._secret_...'});   // apiBase: where this script came from
         *   widget.mount('#card-element');                     // inputs card_number, exp (MM/YY), cvc
         *   const result = await widget.confirm({return_url: '...'});
         *   // {paymentIntent: {...}} or {error: {type, code, decline_code?, message, ...}}; never rejects.
         *   // When the intent needs a 3-D Secure challenge or a redirect, it resolves {paymentIntent}
         *   // (status requires_action) and then sends the browser to the page its next_action names,
         *   // which comes back to return_url. Pass {handleActions: false} to navigate yourself.
         */
        (() => {
          'use strict';

          // document.currentScript only exists while the script first runs.
          const script = document.currentScript;
          const scriptOrigin = script && script.src ? new URL(script.src, window.location.href).origin : window.location.origin;

          // [input name, label, prefilled value, autocomplete]
          const FIELDS = [
            ['card_number', 'Card number', '4111111111111111', 'cc-number'],
            ['exp', 'Expiry (MM/YY)', '03/30', 'cc-exp'],
            ['cvc', 'CVC', '123', 'cc-csc'],
          ];

          const validationError = (code, message) => ({error: {type: 'validation_error', code, message}});

          /** The card widget: three text inputs rendered into the element it is mounted on. */
          class CardElement {
            constructor() {
              this._root = null;
              this._inputs = null;
            }

            /** Renders the inputs into `target` (a CSS selector or an element). */
            mount(target) {
              const container = typeof target === 'string' ? document.querySelector(target) : target;
              if (!container || typeof container.appendChild !== 'function') {
                throw new Error('WooshPay: card.mount() found no element for ' + String(target));
              }
              this.unmount();
              const root = document.createElement('div');
              root.className = 'wooshpay-card';
              const inputs = {};
              for (const [name, label, value, autocomplete] of FIELDS) {
                const field = document.createElement('label');
                field.className = 'wooshpay-field';
                field.appendChild(document.createTextNode(label + ' '));
                const input = document.createElement('input');
                input.type = 'text';
                input.name = name;
                input.value = value;
                input.setAttribute('autocomplete', autocomplete);
                if (name !== 'exp') input.setAttribute('inputmode', 'numeric');
                field.appendChild(input);
                root.appendChild(field);
                inputs[name] = input;
              }
              const hint = document.createElement('small');
              hint.className = 'wooshpay-hint';
              hint.textContent = 'Sandbox test cards: 4111111111111111 pays, 4000000000000002 is declined, '
                + '4000000000003220 asks for 3-D Secure.';
              root.appendChild(hint);
              container.appendChild(root);
              this._root = root;
              this._inputs = inputs;
            }

            /** Removes the inputs again. */
            unmount() {
              if (this._root && this._root.parentNode) this._root.parentNode.removeChild(this._root);
              this._root = null;
              this._inputs = null;
            }

            /** {card: {number, exp_month, exp_year, cvc}} or {error}; WooshPay checks the rest. */
            _read() {
              if (!this._inputs) return validationError('card_not_mounted', 'Mount the card element before confirming.');
              const number = this._inputs.card_number.value.replace(/[\s-]/g, '');
              if (!number) return validationError('incomplete_number', 'Your card number is incomplete.');
              const expiry = /^\s*(\d{1,2})\s*\/\s*(\d{2}|\d{4})\s*$/.exec(this._inputs.exp.value);
              if (!expiry) return validationError('incomplete_expiry', "Your card's expiration date is incomplete (MM/YY).");
              const year = parseInt(expiry[2], 10) + (expiry[2].length === 2 ? 2000 : 0);
              return {card: {number, exp_month: parseInt(expiry[1], 10), exp_year: year, cvc: this._inputs.cvc.value.trim()}};
            }
          }

          /** The page to send the customer to for a requires_action intent (quirks mode sends next_action as a JSON string). */
          const nextActionURL = (intent) => {
            let action = intent.next_action;
            if (typeof action === 'string') {
              try { action = action ? JSON.parse(action) : null; } catch (e) { action = null; }
            }
            const detail = action && typeof action === 'object' ? action[action.type] : null;
            return detail && typeof detail.url === 'string' ? detail.url : null;
          };

          /** One payment intent's widget: what WooshPay documents as "initiated with the payment intent ID". */
          class Widget {
            constructor(options) {
              const o = options || {};
              const key = o.publishableKey;
              if (typeof key !== 'string' || key === '' || key.indexOf('sk_') === 0) {
                throw new Error('WooshPay: pass your publishable key (pk_...), never the secret key.');
              }
              const id = String(o.paymentIntentId || '');
              const secret = String(o.clientSecret || '');
              if (!/^pi_[A-Za-z0-9]+$/.test(id) || secret.indexOf(id + '_secret_') !== 0) {
                throw new Error('WooshPay: init() needs the payment intent id (pi_...) and its client_secret.');
              }
              this._key = key;
              this._id = id;
              this._secret = secret;
              this._apiBase = String(o.apiBase || scriptOrigin).replace(/\/+$/, '');
              this._card = new CardElement();
            }

            /** Renders the card inputs into `target` (a CSS selector or an element). */
            mount(target) {
              this._card.mount(target);
            }

            /** Removes the inputs again. */
            unmount() {
              this._card.unmount();
            }

            /** Confirms the intent with the mounted card. Resolves {paymentIntent} or {error}; never rejects. */
            async confirm(options) {
              const o = options || {};
              const read = this._card._read();
              if (read.error) return read;
              const body = {key: this._key, client_secret: this._secret, payment_method_data: {type: 'card', card: read.card}};
              if (o.return_url) body.return_url = String(o.return_url);
              let response;
              let payload;
              try {
                // JSON, as WooshPay's API takes it: a CORS request with a preflight for Content-Type.
                response = await fetch(`${this._apiBase}/v1/payment_intents/${encodeURIComponent(this._id)}/confirm`,
                  {method: 'POST', headers: {'Content-Type': 'application/json'}, body: JSON.stringify(body), credentials: 'omit'});
                payload = await response.json();
              } catch (e) {
                return {error: {type: 'api_connection_error', code: 'api_connection_error',
                  message: 'Could not reach WooshPay: ' + (e && e.message ? e.message : String(e))}};
              }
              if (!response.ok || !payload || payload.error) {
                const error = payload && payload.error
                  ? payload.error
                  : {type: 'api_error', code: 'api_error', message: `WooshPay answered HTTP ${response.status}.`};
                return {error};
              }
              const url = payload.status === 'requires_action' ? nextActionURL(payload) : null;
              if (url && o.handleActions !== false) {
                // After the caller's `await` has resumed with the result.
                setTimeout(() => { window.location.href = url; }, 0);
              }
              return {paymentIntent: payload};
            }
          }

          window.WooshPay = {
            /** `WooshPay.init({publishableKey, paymentIntentId, clientSecret, apiBase?})`: one intent's widget. */
            init(options) {
              return new Widget(options);
            },
          };
        })();
        """#
}
