package main

import (
	"fmt"
	"net/http"
	"os"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
)

// buckets of the latency histogram, in seconds.
var buckets = []float64{0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5}

// metrics holds request counts by status and a latency histogram, written in the Prometheus text format by hand:
// the example has no dependencies. /metrics itself is not counted, so scrapes do not dilute the error ratio.
type metrics struct {
	mu       sync.Mutex
	requests map[int]uint64
	buckets  []uint64
	count    uint64
	sum      float64
}

func newMetrics() *metrics {
	// 200 and 500 start at 0: a series that first appears with a count of 1 shows no increase() in Prometheus, so
	// the first failures of a fresh copy would go unseen by an error-ratio check.
	return &metrics{requests: map[int]uint64{200: 0, 500: 0}, buckets: make([]uint64, len(buckets))}
}

func (m *metrics) observe(status int, seconds float64) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.requests[status]++
	for i, le := range buckets {
		if seconds <= le {
			m.buckets[i]++
		}
	}
	m.count++
	m.sum += seconds
}

func (m *metrics) render() string {
	m.mu.Lock()
	defer m.mu.Unlock()
	var b strings.Builder
	b.WriteString("# HELP http_requests_total HTTP requests served, by status code.\n# TYPE http_requests_total counter\n")
	codes := make([]int, 0, len(m.requests))
	for code := range m.requests {
		codes = append(codes, code)
	}
	sort.Ints(codes)
	for _, code := range codes {
		fmt.Fprintf(&b, "http_requests_total{code=\"%d\"} %d\n", code, m.requests[code])
	}
	b.WriteString("# HELP http_request_duration_seconds Time to answer an HTTP request.\n# TYPE http_request_duration_seconds histogram\n")
	for i, le := range buckets {
		fmt.Fprintf(&b, "http_request_duration_seconds_bucket{le=\"%s\"} %d\n", strconv.FormatFloat(le, 'g', -1, 64), m.buckets[i])
	}
	fmt.Fprintf(&b, "http_request_duration_seconds_bucket{le=\"+Inf\"} %d\n", m.count)
	fmt.Fprintf(&b, "http_request_duration_seconds_sum %g\nhttp_request_duration_seconds_count %d\n", m.sum, m.count)
	return b.String()
}

// statusRecorder remembers the status a handler wrote.
type statusRecorder struct {
	http.ResponseWriter
	status int
}

func (r *statusRecorder) WriteHeader(status int) {
	r.status = status
	r.ResponseWriter.WriteHeader(status)
}

// instrument serves /metrics and counts every other request.
func instrument(m *metrics, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/metrics" {
			w.Header().Set("Content-Type", "text/plain; version=0.0.4")
			_, _ = w.Write([]byte(m.render()))
			return
		}
		started := time.Now()
		rec := &statusRecorder{ResponseWriter: w, status: http.StatusOK}
		next.ServeHTTP(rec, r)
		m.observe(rec.status, time.Since(started).Seconds())
	})
}

// failSwitch decides which requests to / fail on purpose: a FAIL_RATIO file (read on every request, so a running
// copy can be switched), else GANTRY_FAIL_RATIO; 0..1. Failures are spread evenly, not random: 0.25 fails exactly
// every fourth request.
type failSwitch struct {
	mu       sync.Mutex
	file     string
	envRatio string
	served   uint64
}

func (f *failSwitch) ratio() float64 {
	text := f.envRatio
	if data, err := os.ReadFile(f.file); err == nil {
		text = string(data)
	}
	value, err := strconv.ParseFloat(strings.TrimSpace(text), 64)
	if err != nil || value < 0 {
		return 0
	}
	if value > 1 {
		return 1
	}
	return value
}

func (f *failSwitch) shouldFail() bool {
	r := f.ratio()
	f.mu.Lock()
	defer f.mu.Unlock()
	f.served++
	return uint64(float64(f.served)*r) > uint64(float64(f.served-1)*r)
}
