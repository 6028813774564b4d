package main

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func get(t *testing.T, h http.Handler, path string) (int, string) {
	t.Helper()
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, path, nil))
	body, _ := io.ReadAll(rec.Result().Body)
	return rec.Code, string(body)
}

func TestHealthzAnswersOk(t *testing.T) {
	h := newHandler(Settings{Service: "hello-go"}, filepath.Join(t.TempDir(), "FAIL_HEALTH"))
	if code, body := get(t, h, "/healthz"); code != 200 || body != "ok" {
		t.Fatalf("got %d %q", code, body)
	}
}

func TestHealthzFailsWhenFailHealthFileExists(t *testing.T) {
	fail := filepath.Join(t.TempDir(), "FAIL_HEALTH")
	if err := os.WriteFile(fail, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if code, _ := get(t, newHandler(Settings{}, fail), "/healthz"); code != 500 {
		t.Fatalf("got %d, want 500", code)
	}
}

func TestRootDescribesServiceEnvAndVersion(t *testing.T) {
	s := Settings{Service: "hello-go", Env: "test", Version: "reg/hello-go@sha256:abc"}
	code, body := get(t, newHandler(s, filepath.Join(t.TempDir(), "x")), "/")
	var got map[string]string
	if err := json.Unmarshal([]byte(body), &got); err != nil || code != 200 {
		t.Fatalf("got %d %q (%v)", code, body, err)
	}
	want := map[string]string{"service": "hello-go", "env": "test", "version": "reg/hello-go@sha256:abc"}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s = %q, want %q", k, got[k], v)
		}
	}
}

func TestUnknownPathIsNotFound(t *testing.T) {
	if code, _ := get(t, newHandler(Settings{}, "x"), "/nope"); code != 404 {
		t.Fatalf("got %d, want 404", code)
	}
}

func TestSettingsPreferArgumentThenEnvironment(t *testing.T) {
	env := map[string]string{"GANTRY_ENV": "dev", "PORT": "9000", "GANTRY_IMAGE": "img"}
	s := settingsFrom([]string{"prod"}, func(k string) string { return env[k] })
	if s.Env != "prod" || s.Port != "9000" || s.Version != "img" {
		t.Fatalf("got %+v", s)
	}
	if s := settingsFrom(nil, func(k string) string { return env[k] }); s.Env != "dev" {
		t.Fatalf("got %+v", s)
	}
	if s := settingsFrom(nil, func(string) string { return "" }); s.Env != "dev" || s.Port != "8080" || s.Version != "unknown" {
		t.Fatalf("got %+v", s)
	}
}

func TestMetricsCountRequestsByStatusWithoutScrapes(t *testing.T) {
	h := newHandlerWithFailRatio(Settings{}, "x", filepath.Join(t.TempDir(), "absent"))
	get(t, h, "/")
	get(t, h, "/")
	get(t, h, "/nope")
	get(t, h, "/metrics")
	code, body := get(t, h, "/metrics")
	for _, want := range []string{
		"http_requests_total{code=\"200\"} 2\n",
		"http_requests_total{code=\"404\"} 1\n",
		"http_request_duration_seconds_bucket{le=\"+Inf\"} 3\n",
		"http_request_duration_seconds_count 3\n",
	} {
		if code != 200 || !strings.Contains(body, want) {
			t.Fatalf("got %d, missing %q in:\n%s", code, want, body)
		}
	}
}

func TestFailRatioFailsThatShareOfRequestsAndKeepsHealthz(t *testing.T) {
	h := newHandlerWithFailRatio(Settings{FailRatio: "0.25"}, "x", filepath.Join(t.TempDir(), "absent"))
	failed := 0
	for i := 0; i < 8; i++ {
		if code, _ := get(t, h, "/"); code == 500 {
			failed++
		}
	}
	if failed != 2 {
		t.Fatalf("failed %d of 8, want 2", failed)
	}
	if code, _ := get(t, h, "/healthz"); code != 200 {
		t.Fatalf("healthz got %d", code)
	}
}

func TestFailRatioFileSwitchesARunningCopy(t *testing.T) {
	file := filepath.Join(t.TempDir(), "FAIL_RATIO")
	h := newHandlerWithFailRatio(Settings{}, "x", file)
	if code, _ := get(t, h, "/"); code != 200 {
		t.Fatalf("got %d", code)
	}
	if err := os.WriteFile(file, []byte("1\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if code, _ := get(t, h, "/"); code != 500 {
		t.Fatalf("got %d, want 500", code)
	}
}
