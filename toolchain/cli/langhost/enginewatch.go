package main

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"sync"
	"syscall"
	"time"

	"github.com/pulumi/pulumi/sdk/v3/go/common/util/rpcutil"
)

// engineCheckInterval is how often the host asks the engine whether it is still
// there. Pulumi's own plugins ask every 5 minutes; a `pulumi up` killed with
// SIGKILL (CI timeout, OOM killer) must not leave this host and its program
// running for that long, so we ask every second: one local gRPC call.
const engineCheckInterval = time.Second

// engineWatch exits the host (after stopping the programs it runs) once the
// engine stops answering its gRPC health check, the way Pulumi's own hosts and
// providers do (rpcutil.Healthcheck), only sooner.
type engineWatch struct {
	once     sync.Once
	mu       sync.Mutex
	programs map[*exec.Cmd]struct{}
	exit     func(code int)
}

func newEngineWatch() *engineWatch {
	return &engineWatch{programs: map[*exec.Cmd]struct{}{}, exit: os.Exit}
}

// start begins watching address; later calls (a Handshake after the command
// line named the engine) are no-ops.
func (w *engineWatch) start(address string) {
	if address == "" {
		return
	}
	w.once.Do(func() {
		ctx, cancel := context.WithCancel(context.Background())
		if err := rpcutil.Healthcheck(ctx, address, engineCheckInterval, cancel); err != nil {
			fmt.Fprintf(os.Stderr, "pulumi-language-python: cannot watch the engine at %s: %v\n", address, err)
			cancel()
			return
		}
		go func() {
			<-ctx.Done()
			fmt.Fprintf(os.Stderr, "pulumi-language-python: the engine at %s is gone; stopping\n", address)
			w.stopPrograms()
			w.exit(1)
		}()
	})
}

// track records a started program so an engine loss stops it; the returned
// func forgets it once it has exited.
func (w *engineWatch) track(cmd *exec.Cmd) func() {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.programs[cmd] = struct{}{}
	return func() {
		w.mu.Lock()
		defer w.mu.Unlock()
		delete(w.programs, cmd)
	}
}

// stopPrograms kills every running program's process group (the program runs
// in its own group, so anything it started goes too).
func (w *engineWatch) stopPrograms() {
	w.mu.Lock()
	defer w.mu.Unlock()
	for cmd := range w.programs {
		if cmd.Process != nil {
			_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
			_ = cmd.Process.Kill()
		}
	}
}
