// Drives a headless Firefox over WebDriver BiDi (no geckodriver needed): opens the dashboard, waits for the login
// form, logs in with the generated password and waits for the forced password change. Prints one line per step and
// the console errors; exits 1 on a failure or a console error.
//   node firefox-dashboard-check.js BIDI_PORT DASHBOARD_URL PASSWORD
const WebSocket = require('ws');

const [bidiPort, url, password] = process.argv.slice(2);
const ws = new WebSocket(`ws://127.0.0.1:${bidiPort}/session`);
const pending = new Map();
const errors = [];
let nextId = 1;

ws.on('message', (data) => {
  const msg = JSON.parse(data);
  if (msg.id && pending.has(msg.id)) {
    pending.get(msg.id)(msg);
    pending.delete(msg.id);
  } else if (msg.method === 'log.entryAdded' && msg.params.level === 'error') {
    errors.push(msg.params.text);
  }
});

function send(method, params) {
  return new Promise((resolve, reject) => {
    const id = nextId++;
    pending.set(id, (msg) => (msg.error ? reject(new Error(`${method}: ${msg.error} ${msg.message}`)) : resolve(msg.result)));
    ws.send(JSON.stringify({ id, method, params }));
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function evaluate(context, expression) {
  const r = await send('script.evaluate', { expression, target: { context }, awaitPromise: true });
  return r.result ? r.result.value : undefined;
}

async function waitFor(context, expression, what) {
  for (let i = 0; i < 150; i++) {
    if ((await evaluate(context, expression)) === true) return;
    await sleep(100);
  }
  throw new Error(`timed out waiting for ${what}`);
}

async function typeInto(context, id, value) {
  // as a person types: the value, then an input event for Preact's onInput
  await evaluate(context, `(() => { const e = document.getElementById(${JSON.stringify(id)});
    Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value').set.call(e, ${JSON.stringify(value)});
    e.dispatchEvent(new Event('input', { bubbles: true })); return true; })()`);
}

ws.on('open', async () => {
  try {
    await send('session.new', { capabilities: {} });
    await send('session.subscribe', { events: ['log.entryAdded'] });
    const context = (await send('browsingContext.getTree', {})).contexts[0].context;
    await send('browsingContext.navigate', { context, url, wait: 'complete' });
    await waitFor(context, "!!document.getElementById('login-form')", 'the login form');
    console.log(`login form: ${await evaluate(context, 'navigator.userAgent')}`);
    await typeInto(context, 'login-username', 'admin');
    await typeInto(context, 'login-password', password);
    await sleep(300); // the page re-renders with the typed values
    await evaluate(context, "document.getElementById('login-submit').click(), true");
    await waitFor(context, "!!document.querySelector('[data-testid=forced-change]')", 'the forced password change');
    console.log('forced password change');
    console.log(`console errors: ${errors.length}${errors.length ? ' ' + JSON.stringify(errors) : ''}`);
    await send('session.end', {});
    process.exit(errors.length ? 1 : 0);
  } catch (e) {
    console.log(`failed: ${e.message}; console errors: ${JSON.stringify(errors)}`);
    process.exit(1);
  }
});
ws.on('error', (e) => {
  console.log(`failed: cannot reach Firefox's WebDriver BiDi on port ${bidiPort}: ${e.message}`);
  process.exit(1);
});
