// The one place that reaches the vendored globals: htm + Preact (vendor/htm-preact-standalone.umd.js) and uPlot.
export const { html, render, useState, useEffect, useRef, useCallback, useMemo } = window.htmPreact;
export const uPlot = window.uPlot;

/** Loads vendor/mqtt.min.js once (342 KB: only when the Tester connects from the browser); resolves to `mqtt`. */
let mqttLoading = null;
export function loadMqtt() {
  if (window.mqtt) return Promise.resolve(window.mqtt);
  if (!mqttLoading) {
    mqttLoading = new Promise((resolve, reject) => {
      const s = document.createElement('script');
      s.src = 'vendor/mqtt.min.js';
      s.onload = () => resolve(window.mqtt);
      s.onerror = () => { mqttLoading = null; reject(new Error('could not load vendor/mqtt.min.js')); };
      document.head.appendChild(s);
    });
  }
  return mqttLoading;
}
