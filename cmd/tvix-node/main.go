// Command tvix-node is the per-machine daemon: it serves the store over
// gRPC and as a Nix binary cache on --api-listen and <data-dir>/tvix.sock.
// Flags and the TOML config file are described by tvix-node --help.
package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"syscall"

	"github.com/spf13/cobra"

	"github.com/p2pnix/tvix/builder/oci"
	"github.com/p2pnix/tvix/internal/faults"
	"github.com/p2pnix/tvix/node"
)

// The OCI builder re-executes this binary as each container's init; that
// must happen before anything else runs.
func init() { oci.MaybeInit() }

// usageError is a bad command line or configuration: exit status 2.
type usageError struct{ err error }

func (e usageError) Error() string { return e.err.Error() }

func newRootCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:           "tvix-node [flags]",
		Short:         "The tvix daemon: a store, a Nix binary cache and a build farm member",
		SilenceUsage:  true,
		SilenceErrors: true,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) > 0 {
				return usageError{fmt.Errorf("unexpected argument %q", args[0])}
			}
			return nil
		},
	}
	flags := node.AddFlags(cmd.Flags())
	cmd.SetFlagErrorFunc(func(_ *cobra.Command, err error) error { return usageError{err} })
	cmd.RunE = func(cmd *cobra.Command, args []string) error {
		cfg, err := flags.Config(cmd.ErrOrStderr())
		if err != nil {
			return usageError{err}
		}
		if err := faults.Check(); err != nil {
			return usageError{err}
		}
		if v := os.Getenv(faults.EnvVar); faults.Enabled && v != "" {
			fmt.Fprintf(cmd.ErrOrStderr(), "tvix-node: misbehaving on purpose: %s=%s\n", faults.EnvVar, v)
		}
		n, err := node.New(cmd.Context(), cfg)
		if err != nil {
			return err
		}
		return n.Run(cmd.Context())
	}
	return cmd
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	err := newRootCmd().ExecuteContext(ctx)
	if err != nil {
		fmt.Fprintln(os.Stderr, "tvix-node:", err)
		if errors.As(err, new(usageError)) {
			os.Exit(2)
		}
		os.Exit(1)
	}
}
