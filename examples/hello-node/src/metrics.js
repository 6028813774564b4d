'use strict';

const fs = require('node:fs');

/**
 * Request counts by status and a latency histogram in the Prometheus text format, by hand: the example has no
 * dependencies. /metrics itself is not counted, so scrapes do not dilute the error ratio.
 */
const BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];

function createMetrics() {
  // 200 and 500 start at 0: a series that first appears with a count of 1 shows no increase() in Prometheus,
  // so the first failures of a fresh copy would go unseen by an error-ratio check.
  const requests = new Map([
    [200, 0],
    [500, 0],
  ]); // status code -> count
  const buckets = BUCKETS.map(() => 0);
  let count = 0;
  let sum = 0;
  return {
    observe(status, seconds) {
      requests.set(status, (requests.get(status) ?? 0) + 1);
      BUCKETS.forEach((le, i) => {
        if (seconds <= le) buckets[i] += 1;
      });
      count += 1;
      sum += seconds;
    },
    render() {
      const lines = [
        '# HELP http_requests_total HTTP requests served, by status code.',
        '# TYPE http_requests_total counter',
        ...[...requests].sort(([a], [b]) => a - b).map(([code, n]) => `http_requests_total{code="${code}"} ${n}`),
        '# HELP http_request_duration_seconds Time to answer an HTTP request.',
        '# TYPE http_request_duration_seconds histogram',
        ...BUCKETS.map((le, i) => `http_request_duration_seconds_bucket{le="${le}"} ${buckets[i]}`),
        `http_request_duration_seconds_bucket{le="+Inf"} ${count}`,
        `http_request_duration_seconds_sum ${sum}`,
        `http_request_duration_seconds_count ${count}`,
      ];
      return lines.join('\n') + '\n';
    },
  };
}

/**
 * How many requests to / fail on purpose: a FAIL_RATIO file in the working directory (read on every request, so a
 * running copy can be switched), else GANTRY_FAIL_RATIO; 0..1. Failures are spread evenly, not random: a ratio
 * of 0.25 fails exactly every fourth request.
 */
function createFailSwitch({ file, envRatio }) {
  let served = 0;
  const ratio = () => {
    let text;
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch {
      text = envRatio;
    }
    const value = Number(text === undefined || String(text).trim() === '' ? 0 : String(text).trim());
    return Number.isFinite(value) ? Math.min(1, Math.max(0, value)) : 0;
  };
  return () => {
    const r = ratio();
    served += 1;
    return Math.floor(served * r) > Math.floor((served - 1) * r);
  };
}

module.exports = { createMetrics, createFailSwitch, BUCKETS };
