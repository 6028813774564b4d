package example.hello;

import java.util.Map;
import java.util.TreeMap;

/**
 * Request counts by status and a latency histogram, written in the Prometheus text format by hand: the example
 * has no dependencies. /metrics itself is not counted, so scrapes do not dilute the error ratio.
 */
final class Metrics {
  private static final double[] BUCKETS = {0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5};
  private final Map<Integer, Long> requests = new TreeMap<>();
  private final long[] buckets = new long[BUCKETS.length];
  private long count;
  private double sum;

  Metrics() {
    // 200 and 500 start at 0: a series that first appears with a count of 1 shows no increase() in Prometheus, so
    // the first failures of a fresh copy would go unseen by an error-ratio check.
    requests.put(200, 0L);
    requests.put(500, 0L);
  }

  synchronized void observe(int status, double seconds) {
    requests.merge(status, 1L, Long::sum);
    for (int i = 0; i < BUCKETS.length; i++) {
      if (seconds <= BUCKETS[i]) buckets[i]++;
    }
    count++;
    sum += seconds;
  }

  synchronized String render() {
    StringBuilder b = new StringBuilder();
    b.append("# HELP http_requests_total HTTP requests served, by status code.\n");
    b.append("# TYPE http_requests_total counter\n");
    requests.forEach((code, n) -> b.append("http_requests_total{code=\"").append(code).append("\"} ").append(n).append('\n'));
    b.append("# HELP http_request_duration_seconds Time to answer an HTTP request.\n");
    b.append("# TYPE http_request_duration_seconds histogram\n");
    for (int i = 0; i < BUCKETS.length; i++) {
      b.append("http_request_duration_seconds_bucket{le=\"").append(BUCKETS[i]).append("\"} ").append(buckets[i]).append('\n');
    }
    b.append("http_request_duration_seconds_bucket{le=\"+Inf\"} ").append(count).append('\n');
    b.append("http_request_duration_seconds_sum ").append(sum).append('\n');
    b.append("http_request_duration_seconds_count ").append(count).append('\n');
    return b.toString();
  }
}
