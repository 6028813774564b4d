package main

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
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
