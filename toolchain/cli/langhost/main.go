// Command pulumi-language-python is paylinks' own Python language host.
//
// Pulumi's host module is not reachable from our Go proxy, and we need only a
// small part of it: run a Python program from a pip virtualenv with the
// launcher pulumi-language-python-exec that sits next to this binary. The
// engine starts this process, reads the gRPC port from its first stdout line
// and then calls the LanguageRuntime service implemented in server.go.
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/pulumi/pulumi/sdk/v3/go/common/util/rpcutil"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	"google.golang.org/grpc"
)

// version is replaced at build time (-ldflags -X main.version=...).
var version = "0.0.0-dev"

func main() {
	// Flags the engine (or an older engine) may pass; most only need to parse.
	flags := flag.NewFlagSet("pulumi-language-python", flag.ContinueOnError)
	flags.String("tracing", "", "tracing endpoint (ignored)")
	flags.Bool("logtostderr", false, "log to stderr (ignored)")
	flags.Bool("logflow", false, "flow logging settings to children (ignored)")
	flags.Int("v", 0, "log verbosity (ignored)")
	virtualenv := flags.String("virtualenv", "", "virtualenv directory (older engines)")
	root := flags.String("root", "", "project root directory (older engines)")
	flags.String("toolchain", "", "python toolchain (only pip is supported)")
	flags.String("typechecker", "", "type checker (ignored)")
	if err := flags.Parse(os.Args[1:]); err != nil {
		os.Exit(2)
	}

	host := &languageHost{fallbackVirtualenv: *virtualenv, fallbackRoot: *root, watch: newEngineWatch()}
	if args := flags.Args(); len(args) > 0 {
		// Engines pass their own gRPC address as the last positional argument.
		host.engineAddress = args[len(args)-1]
	}
	exe, err := os.Executable()
	if err != nil {
		fmt.Fprintf(os.Stderr, "pulumi-language-python: cannot locate own binary: %v\n", err)
		os.Exit(1)
	}
	host.execPath = execLauncherPath(exe)

	handle, err := rpcutil.ServeWithOptions(rpcutil.ServeOptions{
		Init: func(srv *grpc.Server) error {
			pulumirpc.RegisterLanguageRuntimeServer(srv, host)
			return nil
		},
	})
	if err != nil {
		fmt.Fprintf(os.Stderr, "pulumi-language-python: cannot serve gRPC: %v\n", err)
		os.Exit(1)
	}
	// The engine reads the port from the first stdout line.
	fmt.Printf("%d\n", handle.Port)
	// Exit within seconds if the engine dies without stopping us (kill -9, OOM).
	host.watch.start(host.engineAddress)
	if err := <-handle.Done; err != nil {
		fmt.Fprintf(os.Stderr, "pulumi-language-python: %v\n", err)
		os.Exit(1)
	}
}
