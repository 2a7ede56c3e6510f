// Overview: counts (GET /stats), a live message-rate chart (GET /metrics every 2 s), listeners, alarms.
import { html, useState, useEffect, useRef, uPlot } from '../lib.js';
import { get } from '../api.js';
import { Problem, useResource, fmtNum, daysUntil, plural } from '../ui.js';

const COUNTS = [['live_connections.count', 'Connected clients'], ['connections.count', 'Connections (with offline'
  + ' sessions)'], ['sessions.count', 'Sessions'], ['subscriptions.count', 'Subscriptions'],
['retained.count', 'Retained messages']];
const RATES = [['messages.received', 'received/s', '#1f5fbf'], ['messages.sent', 'sent/s', '#17803d'],
  ['messages.dropped', 'dropped/s', '#b42318']];
const POLL_MS = 2000;
const WINDOW = 150; // points kept: 5 minutes at 2 s

export function Overview() {
  const stats = useResource('/stats', POLL_MS);
  const listeners = useResource('/listeners', 5000);
  const [metricsError, setMetricsError] = useState(null);
  const [overload, setOverload] = useState(null);
  return html`<h1>Overview</h1>
    <section aria-label="Counts">
      ${stats.error ? html`<${Problem} error=${stats.error} what="Broker statistics (GET /api/v5/stats)" />`
        : html`<div class="cards">${COUNTS.filter(([k]) => !stats.data || stats.data[k] !== undefined)
          .map(([k, label]) => html`<div class="card" data-testid=${'stat-' + k}>
          <div class="label">${label}</div>
          <div class="value">${stats.data ? fmtNum(stats.data[k]) : '…'}</div></div>`)}</div>`}
    </section>
    <section class="panel" aria-labelledby="h-alarms">
      <h2 id="h-alarms">Alarms</h2>
      <${Alarms} listeners=${listeners.data} overload=${overload} />
    </section>
    <section class="panel" aria-labelledby="h-rates">
      <h2 id="h-rates">Message rates</h2>
      ${metricsError ? html`<${Problem} error=${metricsError} what="Message rates (GET /api/v5/metrics)" />`
        : html`<${RateChart} onError=${setMetricsError} onOverload=${setOverload} />`}
    </section>
    <section class="panel" aria-labelledby="h-per-listener">
      <h2 id="h-per-listener">Connections per listener</h2>
      <${Problem} error=${listeners.error} />
      <div class="tablewrap"><table id="overview-listeners">
        <thead><tr><th>Listener</th><th>Bind</th><th>Status</th><th class="num">Connections</th>
          <th class="num">Max</th></tr></thead>
        <tbody>${(listeners.data || []).map((l) => html`<tr key=${l.id}>
          <td>${l.id}</td><td class="mono">${l.bind}</td>
          <td class=${l.running ? 'ok' : 'bad'}>${l.running ? 'running' : 'stopped'}</td>
          <td class="num">${fmtNum(l.current_connections)}</td><td class="num">${l.max_connections}</td>
        </tr>`)}</tbody></table></div>
    </section>`;
}

/** Certificates expired or expiring within 30 days, from the listeners; overload when /metrics shows it. */
export function Alarms({ listeners, overload }) {
  const alarms = [];
  for (const l of listeners || []) {
    if (!l.certificate) continue;
    const days = daysUntil(l.certificate.expires_at);
    if (days < 0) {
      alarms.push(['bad', `${l.id}: its certificate (${l.certificate.subject}) expired on `
        + new Date(l.certificate.expires_at).toLocaleDateString() + '.']);
    } else if (days < 30) {
      alarms.push(['warn', `${l.id}: its certificate (${l.certificate.subject}) expires in `
        + plural(Math.floor(days), 'day')
        + ` (${new Date(l.certificate.expires_at).toLocaleDateString()}).`]);
    }
  }
  if (overload) alarms.push(['bad', overload]);
  if (alarms.length === 0) return html`<p class="ok" id="alarms-none">No alarms.</p>`;
  return html`<ul id="alarms">${alarms.map(([cls, text]) => html`<li class=${cls}>${text}</li>`)}</ul>`;
}

/** Polls /metrics, turns counters into rates per second, draws them with uPlot. */
function RateChart({ onError, onOverload }) {
  const box = useRef(null);
  const [last, setLast] = useState(null);
  useEffect(() => {
    const data = [[], ...RATES.map(() => [])];
    let prev = null;
    let plot = null;
    let overloadSeen = null;
    let live = true;
    const width = () => Math.max(300, box.current.clientWidth - 10);
    plot = new uPlot({
      width: width(), height: 220,
      series: [{}, ...RATES.map(([, label, stroke]) => ({ label, stroke, width: 2, value: (u, v) => (v == null
        ? '–' : v.toFixed(1)) }))],
      axes: [{}, { label: 'messages/s', size: 60 }],
      // x: the last 5 minutes, filling from the right; y: from 0, at least 0..1
      scales: { x: { time: true, range: (u, min, max) => [max - WINDOW * POLL_MS / 1000, max] },
        y: { range: (u, min, max) => [0, Math.max(1, max)] } },
    }, data, box.current);
    const resize = () => plot.setSize({ width: width(), height: 220 });
    addEventListener('resize', resize);

    async function poll() {
      try {
        const m = await get('/metrics');
        if (!live) return;
        const now = Date.now() / 1000;
        if (prev) {
          const dt = now - prev.t;
          data[0].push(now);
          RATES.forEach(([k], i) => data[i + 1].push(Math.max(0, ((m[k] || 0) - (prev.m[k] || 0)) / dt)));
          if (data[0].length > WINDOW) data.forEach((s) => s.shift());
          plot.setData(data);
          setLast(RATES.map(([k, label], i) => [label, data[i + 1][data[i + 1].length - 1]]));
        }
        prev = { t: now, m };
        const refused = prev ? (m['overload.refused'] || 0) - (prev.m['overload.refused'] || 0) : 0;
        if (refused > 0) overloadSeen = { at: now, refused };
        onOverload(overloadSeen && now - overloadSeen.at < 60 ? 'Overload: the broker refused '
          + plural(overloadSeen.refused, 'connection') + ' (CONNACK 0x89 Server busy) '
          + Math.round(now - overloadSeen.at) + ' s ago.' : null);
      } catch (e) {
        if (live) onError(e);
      }
    }
    poll();
    const t = setInterval(poll, POLL_MS);
    return () => { live = false; clearInterval(t); removeEventListener('resize', resize); plot.destroy(); };
  }, []);
  return html`<div ref=${box} class="chart" id="rate-chart"></div>
    <p class="hint" id="rate-now">${last ? 'Now: ' + last.map(([l, v]) => `${v.toFixed(1)} ${l}`).join(', ')
      : 'Measuring… (a rate needs two samples, 2 s apart)'}</p>`;
}
