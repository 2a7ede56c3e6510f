// Connects MQTT.js to a broker in MQTT 3.1, 3.1.1 and 5, subscribes, publishes at QoS 0/1/2 and prints what
// arrived, one line per message: "v<level> <topic> <payload> q<qos>". Exit code 1 on any error or timeout.
// Usage: node mqttjs-check.js PORT
const mqtt = require('mqtt');
const port = process.argv[2];

function withTimeout(promise, ms, what) {
  return Promise.race([promise,
    new Promise((_, reject) => setTimeout(() => reject(new Error('timeout: ' + what)), ms))]);
}

async function run(level) {
  const options = (id) => ({
    protocolVersion: level, protocolId: level === 3 ? 'MQIsdp' : 'MQTT', clientId: `js-${id}-${level}`,
    reconnectPeriod: 0, connectTimeout: 3000,
  });
  const sub = await mqtt.connectAsync(`mqtt://127.0.0.1:${port}`, options('sub'));
  const pub = await mqtt.connectAsync(`mqtt://127.0.0.1:${port}`, options('pub'));
  const lines = [];
  const all = new Promise((resolve) => sub.on('message', (topic, payload, packet) => {
    const user = packet.properties && packet.properties.userProperties ? ' ' + JSON.stringify(packet.properties.userProperties) : '';
    lines.push(`v${level} ${topic} ${payload} q${packet.qos}${user}`);
    if (lines.length === 3) resolve();
  }));
  await sub.subscribeAsync('js/#', { qos: 2 });
  for (const qos of [0, 1, 2]) {
    const properties = level === 5 ? { userProperties: { k: 'v' } } : undefined;
    await pub.publishAsync(`js/q${qos}`, `hello${qos}`, { qos, properties });
  }
  await withTimeout(all, 5000, `messages for MQTT level ${level}`);
  lines.sort().forEach((l) => console.log(l));
  await sub.endAsync();
  await pub.endAsync();
}

(async () => {
  for (const level of [3, 4, 5]) await run(level);
  process.exit(0); // MQTT.js may leave timers behind: do not wait for them
})().catch((e) => {
  console.error(e.message);
  process.exit(1);
});
