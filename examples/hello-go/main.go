package main

import (
	"context"
	"log"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"
	"time"
)

func main() {
	s := settingsFrom(os.Args[1:], os.Getenv)
	// FAIL_HEALTH is looked up at the checkout root, which the image holds as project/ (the binary is project/bin/).
	failFile := filepath.Join("project", "FAIL_HEALTH")
	if exe, err := os.Executable(); err == nil {
		failFile = filepath.Join(filepath.Dir(exe), "..", "FAIL_HEALTH")
	}
	server := &http.Server{Addr: ":" + s.Port, Handler: newHandler(s, failFile), ReadHeaderTimeout: 5 * time.Second}

	// Deploy targets stop a track with SIGTERM: finish in-flight requests, then exit.
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, os.Interrupt)
	defer stop()
	go func() {
		<-ctx.Done()
		log.Print("shutting down")
		shutdown, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		_ = server.Shutdown(shutdown)
	}()

	log.Printf("%s %s (%s) listening on %s", s.Service, s.Version, s.Env, s.Port)
	if err := server.ListenAndServe(); err != nil && err != http.ErrServerClosed {
		log.Fatal(err)
	}
}
