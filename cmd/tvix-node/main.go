// Command tvix-node is the per-machine daemon: it serves the store over
// gRPC and as a Nix binary cache on --api-listen and <data-dir>/tvix.sock.
// Flags and the TOML config file are described by tvix-node -help.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"syscall"

	"github.com/p2pnix/tvix/builder/oci"
	"github.com/p2pnix/tvix/node"
)

// The OCI builder re-executes this binary as each container's init; that
// must happen before anything else runs.
func init() { oci.MaybeInit() }

func main() {
	cfg, err := node.ParseArgs(os.Args[1:], os.Stderr)
	if errors.Is(err, flag.ErrHelp) {
		os.Exit(0)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "tvix-node:", err)
		os.Exit(2)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	n, err := node.New(ctx, cfg)
	if err == nil {
		err = n.Run(ctx)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "tvix-node:", err)
		os.Exit(1)
	}
}
