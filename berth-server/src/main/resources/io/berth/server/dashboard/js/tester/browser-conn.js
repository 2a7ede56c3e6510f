// The Tester's browser-side connection: MQTT.js (vendor/mqtt.min.js) over WebSocket, straight from this page to a
// ws/wss listener, as a web application would connect. For wss the browser must already trust the certificate.
import { loadMqtt } from '../lib.js';
import { TesterConn } from './conn.js';

export class BrowserConn extends TesterConn {
  /** Resolves once connected (CONNACK accepted), rejects with the reason in words. */
  static async open(form) {
    const mqtt = await loadMqtt();
    const c = new BrowserConn(form.name);
    await c.connect(mqtt, form);
    return c;
  }

  constructor(name) {
    super(name, 'browser');
  }

  connect(mqtt, form) {
    const scheme = form.transport === 'wss' ? 'wss' : 'ws';
    const host = form.host.includes(':') ? `[${form.host}]` : form.host;
    const url = `${scheme}://${host}:${form.port}${form.path || '/mqtt'}`;
    return new Promise((resolve, reject) => {
      let settled = false;
      const client = mqtt.connect(url, {
        clientId: form.clientid || undefined,
        username: form.username || undefined,
        password: form.password || undefined,
        protocolVersion: form.proto_ver === '5' ? 5 : 4,
        keepalive: form.keepalive,
        clean: form.clean_start,
        reconnectPeriod: 0, // a tester shows a failure; it does not hide it by retrying
        connectTimeout: 10000,
        timerVariant: 'native', // no Web Worker from a blob: URL (the CSP allows none)
      });
      this.client = client;
      const fail = (why) => {
        if (!settled) {
          settled = true;
          client.end(true);
          reject(new Error(`${url}: ${why}`));
        }
      };
      client.on('connect', (connack) => {
        this.connack = { reason_code: connack.reasonCode ?? connack.returnCode ?? 0, reason: 'Success',
          session_present: !!connack.sessionPresent };
        this.state = 'connected';
        this.add({ kind: 'state', text: `connected to ${url} from this browser` });
        settled = true;
        resolve();
      });
      client.on('message', (topic, payload, packet) => this.add({ kind: 'message', topic, qos: packet.qos,
        retain: packet.retain, payload: new TextDecoder().decode(payload) }));
      client.on('error', (e) => {
        if (settled) this.add({ kind: 'info', text: 'error: ' + e.message });
        fail(e.message);
      });
      client.on('close', () => {
        if (!settled) fail('the connection was closed (refused, or nothing listens there)');
        else if (this.state !== 'closed') this.setState('disconnected', 'the connection was closed');
      });
      client.on('disconnect', (p) => this.setState('disconnected', `the server sent DISCONNECT ${p.reasonCode}`));
    });
  }

  call(fn) {
    return new Promise((resolve, reject) => fn((err, r) => (err ? reject(err) : resolve(r))));
  }

  async subscribe(topic, qos) {
    const granted = await this.call((cb) => this.client.subscribe(topic, { qos }, cb));
    const g = granted && granted[0] ? granted[0].qos : qos;
    if (g >= 128) throw new Error(`subscription to ${topic} refused (reason ${g})`);
    this.add({ kind: 'info', text: `subscribed to ${topic} (QoS ${g})` });
  }

  async unsubscribe(topic) {
    await this.call((cb) => this.client.unsubscribe(topic, cb));
    this.add({ kind: 'info', text: `unsubscribed from ${topic}` });
  }

  async publish(topic, payload, qos, retain) {
    await this.call((cb) => this.client.publish(topic, payload, { qos, retain }, cb));
    this.add({ kind: 'sent', topic, qos, retain, payload });
  }

  async close() {
    this.state = 'closed';
    if (this.client) this.client.end(true);
  }
}
