/// The sandbox's stand-in for WooshPay's JS SDK, served at `GET /js/wooshpay.js`. WooshPay
/// documents that its SDK exists but not its API, so this one is shaped like Stripe.js:
/// `WooshPay(pk)`, `elements().create('card')`, `card.mount(...)` and
/// `confirmCardPayment(clientSecret, {payment_method: {card}, return_url})`, which POSTs a
/// form-encoded confirm (a CORS simple request) with the publishable key and the client
/// secret, and follows a 3-D Secure or wallet `next_action` by navigating to its page.
/// Plain ES2017, no dependencies, no build step (see docs/SANDBOX.md).
enum WooshPaySDK {
    /// The script's source.
    static let script = #"""
        /* WooshPay JS SDK: the WooshPay sandbox's stand-in. Plain ES2017, no dependencies.
         *
         *   const wp = WooshPay('pk_test_sandbox');           // API base: where this script came from, or {apiBase}
         *   const card = wp.elements().create('card');
         *   card.mount('#card-element');                       // inputs card_number, exp (MM/YY), cvc
         *   const result = await wp.confirmCardPayment(clientSecret, {payment_method: {card}, return_url: '...'});
         *   // {paymentIntent: {...}} or {error: {type, code, decline_code?, message, ...}}; never rejects.
         *   // When the intent needs a 3-D Secure challenge or a redirect, it resolves {paymentIntent}
         *   // (status requires_action) and then sends the browser to the challenge page, which comes
         *   // back to return_url. Pass {handleActions: false} as a third argument to navigate yourself.
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

            /** {card: {number, exp_month, exp_year, cvc}} or {error}; the sandbox checks the rest. */
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

          /** Makes the widgets; only 'card' exists. */
          class Elements {
            create(type) {
              if (type !== 'card') throw new Error("WooshPay: elements().create() supports only 'card', not " + String(type));
              return new CardElement();
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

          class WooshPayClient {
            constructor(publishableKey, options) {
              if (typeof publishableKey !== 'string' || publishableKey === '' || publishableKey.indexOf('sk_') === 0) {
                throw new Error('WooshPay: pass your publishable key (pk_...), never the secret key.');
              }
              this._key = publishableKey;
              this._apiBase = String((options && options.apiBase) || scriptOrigin).replace(/\/+$/, '');
            }

            elements() {
              return new Elements();
            }

            /**
             * Confirms the payment intent behind `clientSecret` with the card in `data.payment_method.card`
             * (or a payment method id string in `data.payment_method`). Resolves {paymentIntent} or {error}.
             */
            async confirmCardPayment(clientSecret, data, options) {
              const secret = typeof clientSecret === 'string' ? clientSecret : '';
              const match = /^(pi_[A-Za-z0-9]+)_secret_[A-Za-z0-9]+$/.exec(secret);
              if (!match) {
                return validationError('invalid_client_secret', 'confirmCardPayment needs the client_secret of a payment intent (pi_..._secret_...).');
              }
              const body = new URLSearchParams();
              body.append('key', this._key);
              body.append('client_secret', secret);
              const method = data ? data.payment_method : undefined;
              if (typeof method === 'string') {
                body.append('payment_method', method);
              } else if (method && method.card instanceof CardElement) {
                const read = method.card._read();
                if (read.error) return read;
                body.append('payment_method_data[type]', 'card');
                for (const field of ['number', 'exp_month', 'exp_year', 'cvc']) {
                  body.append(`payment_method_data[card][${field}]`, String(read.card[field]));
                }
              } else if (method) {
                return validationError('invalid_payment_method', 'payment_method must be {card: <card element>} or a payment method id.');
              }
              if (data && data.return_url) body.append('return_url', String(data.return_url));

              let response;
              let payload;
              try {
                // A URLSearchParams body is sent as application/x-www-form-urlencoded: no CORS preflight.
                response = await fetch(`${this._apiBase}/v1/payment_intents/${encodeURIComponent(match[1])}/confirm`,
                  {method: 'POST', body, credentials: 'omit'});
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
              if (url && !(options && options.handleActions === false)) {
                // After the caller's `await` has resumed with the result.
                setTimeout(() => { window.location.href = url; }, 0);
              }
              return {paymentIntent: payload};
            }
          }

          /** `WooshPay(publishableKey, {apiBase}?)`, with or without `new`. */
          window.WooshPay = function WooshPay(publishableKey, options) {
            return new WooshPayClient(publishableKey, options);
          };
        })();
        """#
}
