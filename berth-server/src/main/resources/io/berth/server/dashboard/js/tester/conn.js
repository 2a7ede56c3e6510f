// A Tester connection, whichever side runs the MQTT client: the broker's server-side client (ServerConn) or
// MQTT.js in this browser (BrowserConn). The page sees one shape: state, log, subscribe, publish, close.

const MAX_LOG = 500;

export class TesterConn {
  constructor(name, kind) {
    this.name = name;
    this.kind = kind; // 'server' | 'browser'
    this.state = 'connecting';
    this.reason = '';
    this.connack = null;
    this.tls = null;
    this.log = [];
    this.listeners = new Set();
  }

  /** Calls fn() whenever the state or the log changes; returns the unsubscribe function. */
  watch(fn) {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  changed() {
    this.listeners.forEach((f) => f());
  }

  /** Adds a line to the log: {kind: message|state|sent|info, time, topic?, qos?, retain?, payload?, text?}. */
  add(entry) {
    this.log.push({ time: entry.time || new Date().toISOString(), ...entry });
    if (this.log.length > MAX_LOG) this.log.splice(0, this.log.length - MAX_LOG);
    this.changed();
  }

  setState(state, reason) {
    this.state = state;
    this.reason = reason || '';
    this.add({ kind: 'state', text: state + (reason ? ': ' + reason : '') });
  }

  clearLog() {
    this.log = [];
    this.changed();
  }
}
