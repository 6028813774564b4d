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
}

// settingsFrom takes the environment from the first argument (start.sh passes it), then GANTRY_ENV.
func settingsFrom(args []string, getenv func(string) string) Settings {
	s := Settings{Service: "hello-go", Env: getenv("GANTRY_ENV"), Version: getenv("GANTRY_IMAGE"), Port: getenv("PORT")}
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

// newHandler serves /healthz and /. A FAIL_HEALTH file makes /healthz fail: committing it builds a broken version.
func newHandler(s Settings, failHealthFile string) http.Handler {
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
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(s)
	})
	return mux
}
