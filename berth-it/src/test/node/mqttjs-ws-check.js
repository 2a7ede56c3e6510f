// Connects MQTT.js over WebSocket (ws:// or wss://) in MQTT 3.1.1 and 5, subscribes, publishes at QoS 0/1/2 and
// prints what arrived, one line per message: "v<level> <topic> <payload> q<qos>". Exit code 1 on any error.
// Usage: node mqttjs-ws-check.js URL [CA_FILE]     (URL: ws://127.0.0.1:8083/mqtt or wss://localhost:8084/mqtt)
const fs = require('fs');
const mqtt = require('mqtt');
const [url, caFile] = process.argv.slice(2);

function withTimeout(promise, ms, what) {
  return Promise.race([promise,
    new Promise((_, reject) => setTimeout(() => reject(new Error('timeout: ' + what)), ms))]);
}

async function run(level) {
  const options = (id) => ({
    protocolVersion: level, clientId: `jsws-${id}-${level}`, reconnectPeriod: 0, connectTimeout: 3000,
    ...(caFile ? { ca: fs.readFileSync(caFile), rejectUnauthorized: true } : {}),
  });
  const sub = await mqtt.connectAsync(url, options('sub'));
  const pub = await mqtt.connectAsync(url, options('pub'));
  const lines = [];
  const all = new Promise((resolve) => sub.on('message', (topic, payload, packet) => {
    lines.push(`v${level} ${topic} ${payload} q${packet.qos}`);
    if (lines.length === 3) resolve();
  }));
  await sub.subscribeAsync('jsws/#', { qos: 2 });
  for (const qos of [0, 1, 2]) await pub.publishAsync(`jsws/q${qos}`, `hello${qos}`, { qos });
  await withTimeout(all, 5000, `messages for MQTT level ${level}`);
  lines.sort().forEach((l) => console.log(l));
  await sub.endAsync();
  await pub.endAsync();
}

(async () => {
  for (const level of [4, 5]) await run(level);
  process.exit(0); // MQTT.js may leave timers behind: do not wait for them
})().catch((e) => {
  console.error(e.message);
  process.exit(1);
});
