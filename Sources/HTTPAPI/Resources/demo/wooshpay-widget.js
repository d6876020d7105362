// Every call the storefront makes to WooshPay's JS widget, behind three functions:
//   WooshPayWidget.mount(payment, target)  loads the SDK and shows the card inputs for one payment
//   WooshPayWidget.confirm(returnURL)      confirms it; resolves the SDK's own answer, never rejects
//   WooshPayWidget.result(answer)          that answer in the storefront's words
// WooshPay documents only that its widget is "initiated with the payment intent ID"; the
// calls below are those of the sandbox's stand-in (WooshPay.init({publishableKey,
// paymentIntentId, clientSecret}), widget.mount, widget.confirm). With WooshPay's SDK
// reference at hand, this file is the only one to change (see README, "The SDK flow").
'use strict';

window.WooshPayWidget = (() => {
  let loading = null; // the SDK script's load, shared by every mount; reset after a failure
  let widget = null;

  class WidgetError extends Error {
    constructor(message, code) { super(message); this.code = code; }
  }

  // Loads the script at `url` once; a failed load may be retried by the next mount.
  function load(url) {
    if (window.WooshPay && typeof window.WooshPay.init === 'function') return Promise.resolve(window.WooshPay);
    if (!url) return Promise.reject(new WidgetError('No WooshPay SDK URL is configured.', 'sdk_unavailable'));
    loading = loading || new Promise((resolve, reject) => {
      const script = Object.assign(document.createElement('script'), { src: url, async: true });
      script.onload = () => (window.WooshPay && typeof window.WooshPay.init === 'function' ? resolve(window.WooshPay)
        : reject(new WidgetError(`The script at ${url} did not define WooshPay.init.`, 'sdk_unavailable')));
      script.onerror = () => { script.remove(); reject(new WidgetError(`The WooshPay SDK could not be loaded from ${url}.`, 'sdk_unavailable')); };
      document.head.append(script);
    }).catch((error) => { loading = null; throw error; });
    return loading;
  }

  // payment: our API's SDK-mode answer {payment_intent, client_secret, publishable_key}.
  async function mount(payment, target, scriptURL) {
    const WooshPay = await load(scriptURL);
    if (widget) widget.unmount();
    widget = WooshPay.init({
      publishableKey: payment.publishable_key,
      paymentIntentId: payment.payment_intent,
      clientSecret: payment.client_secret,
    });
    widget.mount(target);
  }

  async function confirm(returnURL) {
    if (!widget) return { error: { code: 'sdk_not_mounted', message: 'Mount the card form first.' } };
    return widget.confirm({ return_url: returnURL });
  }

  // {state: 'paid'|'authorized'|'redirecting'|'failed'|'pending', status?, code?, message?}
  function result(answer) {
    if (!answer || answer.error) {
      const error = (answer && answer.error) || {};
      return { state: 'failed', code: error.code || 'sdk_error', message: error.message || 'The payment failed.' };
    }
    const status = answer.paymentIntent && answer.paymentIntent.status;
    if (status === 'requires_action') return { state: 'redirecting', status };
    if (status === 'succeeded') return { state: 'paid', status };
    if (status === 'requires_capture') return { state: 'authorized', status };
    if (status === 'requires_payment_method') return { state: 'failed', status, code: 'payment_failed', message: 'The payment failed.' };
    return { state: 'pending', status };
  }

  return { mount, confirm, result };
})();
