package main

import (
	"encoding/json"
	"net/http"
	"os"
)

// Settings is what the service reads from its arguments and environment.
type Settings struct {
	Service string `json:"service"`
	Env     string `json:"env"`
	Version string `json:"version"`
	Port    string `json:"-"`
	// FailRatio is GANTRY_FAIL_RATIO: the share of requests to / that answer 500 (see failSwitch).
	FailRatio string `json:"-"`
}

// settingsFrom takes the environment from the first argument (start.sh passes it), then GANTRY_ENV.
func settingsFrom(args []string, getenv func(string) string) Settings {
	s := Settings{Service: "hello-go", Env: getenv("GANTRY_ENV"), Version: getenv("GANTRY_IMAGE"), Port: getenv("PORT"), FailRatio: getenv("GANTRY_FAIL_RATIO")}
	if len(args) > 0 && args[0] != "" {
		s.Env = args[0]
	}
	if s.Env == "" {
		s.Env = "dev"
	}
	if s.Version == "" {
		s.Version = "unknown"
	}
	if s.Port == "" {
		s.Port = "8080"
	}
	return s
}

// newHandler serves /healthz, / and /metrics. A FAIL_HEALTH file makes /healthz fail: committing it builds a broken
// version. A FAIL_RATIO file in the working directory (or GANTRY_FAIL_RATIO) makes that share of requests to / answer
// 500 while /healthz stays fine: a copy that passes its health check but fails its users, for metric analysis.
func newHandler(s Settings, failHealthFile string) http.Handler {
	return newHandlerWithFailRatio(s, failHealthFile, "FAIL_RATIO")
}

func newHandlerWithFailRatio(s Settings, failHealthFile, failRatioFile string) http.Handler {
	fail := &failSwitch{file: failRatioFile, envRatio: s.FailRatio}
	mux := http.NewServeMux()
	mux.HandleFunc("/healthz", func(w http.ResponseWriter, r *http.Request) {
		if _, err := os.Stat(failHealthFile); err == nil {
			http.Error(w, "failing on purpose", http.StatusInternalServerError)
			return
		}
		w.Header().Set("Content-Type", "text/plain")
		_, _ = w.Write([]byte("ok"))
	})
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/" {
			http.NotFound(w, r)
			return
		}
		if fail.shouldFail() {
			http.Error(w, "failing on purpose (FAIL_RATIO)", http.StatusInternalServerError)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(s)
	})
	return instrument(newMetrics(), mux)
}
