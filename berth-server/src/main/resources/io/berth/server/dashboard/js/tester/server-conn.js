// The Tester's server-side connection: the broker connects (tcp, ssl, ws, wss, quic) and streams what happens to
// the page as Server-Sent Events, read with fetch() because EventSource cannot send the Authorization header.
import { post, del, seg, headers, failure, get } from '../api.js';
import { TesterConn } from './conn.js';
import { decodePayload } from '../ui.js';

const BASE = '/tester/connections';

export class ServerConn extends TesterConn {
  /** Creates the connection on the server; throws the ApiError (CONNECT_FAILED: "connection refused: …"). */
  static async open(form) {
    const created = await post(BASE, form);
    const c = new ServerConn(form.name, created);
    c.follow();
    return c;
  }

  /** The connections the server has (made before a reload of the page, or in another tab), but `known` not. */
  static async existing(known) {
    const ids = new Set(known.filter((c) => c.kind === 'server').map((c) => c.id));
    const list = await get(BASE);
    return list.filter((v) => !ids.has(v.id)).map((v) => {
      const c = new ServerConn(v.name || v.id, v);
      c.follow();
      return c;
    });
  }

  constructor(name, created) {
    super(name, 'server');
    this.id = created.id;
    this.connack = created.connack || null;
    this.tls = created.tls || null;
    this.state = created.state || 'connected';
    this.seq = 0;
    this.stopped = false;
    this.abort = new AbortController(); // the log starts with the event stream's first state event
  }

  path(suffix = '') {
    return BASE + '/' + seg(this.id) + suffix;
  }

  /**
   * Follows the connection's events: the SSE stream from the last seq seen, opened again when the server ends it
   * (a reader that fell behind); when streaming fails (a proxy, too many streams), polls /messages?after=SEQ.
   */
  async follow() {
    while (!this.stopped) {
      try {
        await this.stream();
      } catch (e) {
        if (this.stopped) return;
        if (e.status === 404 && !e.notAvailable) { // the connection is gone
          if (this.state !== 'closed') this.setState('closed', 'the server no longer has this connection');
          return;
        }
        this.poll();
        return;
      }
      await new Promise((r) => setTimeout(r, 500)); // the server ended the stream: open it again, gently
    }
  }

  /** Stops following without closing the connection on the server. */
  detach() {
    this.stopped = true;
    this.abort.abort();
  }

  /** One SSE stream, until it ends. */
  async stream() {
    const res = await fetch('/api/v5' + this.path('/events?after=' + this.seq), {
      headers: headers({ Accept: 'text/event-stream' }), signal: this.abort.signal, cache: 'no-store' });
    if (!res.ok) throw await failure(res);
    const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done || this.stopped) return;
      buffer += value.replace(/\r\n?/g, '\n');
      let end;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        this.dispatch(buffer.slice(0, end));
        buffer = buffer.slice(end + 2);
      }
    }
  }

  /** One SSE block: "event: message\ndata: {...}". */
  dispatch(block) {
    let event = 'message';
    const data = [];
    for (const line of block.split('\n')) {
      if (line.startsWith(':')) continue;
      const i = line.indexOf(':');
      const field = i < 0 ? line : line.slice(0, i);
      const value = i < 0 ? '' : line.slice(i + 1).replace(/^ /, '');
      if (field === 'event') event = value;
      else if (field === 'data') data.push(value);
    }
    if (data.length === 0) return;
    try {
      this.event(event, JSON.parse(data.join('\n')));
    } catch { /* not JSON: ignore */ }
  }

  /** A TesterEvent {seq, time, event: message|state, topic, qos, retain, payload, encoding?, state, reason}. */
  event(type, e) {
    const kind = e.event || type;
    if (kind === 'end') { // the server ends the stream: the connection was deleted or the login ended
      this.stopped = true;
      this.setState('closed', e.reason);
      return;
    }
    if (e.seq !== undefined) {
      if (e.seq <= this.seq) return;
      this.seq = e.seq;
    }
    if (kind === 'state') {
      this.state = e.state;
      this.reason = e.reason || '';
      this.add({ kind: 'state', time: e.time, text: e.state + (e.reason ? ': ' + e.reason : '') });
    } else {
      const payload = e.encoding === 'base64' ? decodePayload(e.payload) : e.payload;
      this.add({ kind: 'message', time: e.time, topic: e.topic, qos: e.qos, retain: e.retain, payload });
    }
  }

  async poll() {
    while (!this.stopped) {
      try {
        const list = await get(this.path('/messages?after=' + this.seq));
        for (const e of Array.isArray(list) ? list : list?.data || []) this.event(e.event, e);
      } catch (e) {
        if (e.status === 404) {
          if (this.state !== 'closed') this.setState('closed', 'the server no longer has this connection');
          return;
        }
      }
      await new Promise((r) => setTimeout(r, 1000));
    }
  }

  async subscribe(topic, qos) {
    const r = await post(this.path('/subscribe'), { topic, qos });
    const code = r?.reason_codes?.[0] ?? qos;
    if (code >= 0x80) {
      throw new Error(`the broker refused the subscription to ${topic} (reason code 0x${code.toString(16)})`);
    }
    this.add({ kind: 'info', text: `subscribed to ${topic} (QoS ${code})` });
  }

  async unsubscribe(topic) {
    await post(this.path('/unsubscribe'), { topic });
    this.add({ kind: 'info', text: `unsubscribed from ${topic}` });
  }

  async publish(topic, payload, qos, retain) {
    const r = await post(this.path('/publish'), { topic, payload, qos, retain });
    if (r?.reason_code >= 0x80) throw new Error(`the broker refused the message: ${r.reason || r.reason_code}`);
    this.add({ kind: 'sent', topic, qos, retain, payload });
  }

  async close() {
    this.stopped = true;
    this.abort.abort();
    try { await del(this.path()); } catch { /* already gone */ }
  }
}
