// Command tvix is the user-facing CLI: store, evaluation and key commands.
// Each command group lives in its own file and registers itself in init.
package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/p2pnix/tvix/store/storeurl"
	"github.com/spf13/cobra"
)

var rootCmd = &cobra.Command{
	Use:           "tvix",
	Short:         "Evaluate, build and store Nix derivations on a peer-to-peer build farm",
	SilenceUsage:  true,
	SilenceErrors: true,
}

// storeURL is the --store flag; empty means $TVIX_STORE or the default
// local store under $TVIX_HOME.
var storeURL string

// nodeAddr is the --node flag: the API address (or unix socket) of a
// running tvix-node that store commands talk to.
var nodeAddr string

// stopProfile ends the --cpuprofile profile, once the command is done.
var stopProfile = func() {}

func init() {
	rootCmd.PersistentFlags().StringVar(&storeURL, "store", "", "store URL (memory:, local:/path, grpc+http://host:port, grpc+unix:/path); default $TVIX_STORE, $TVIX_NODE, the node running on $TVIX_HOME, or the local store in $TVIX_HOME")
	rootCmd.PersistentFlags().StringVar(&nodeAddr, "node", "", "talk to the tvix-node at ADDR (host:port of its --api-listen, or its socket path) instead of opening the store; default $TVIX_NODE")
	rootCmd.PersistentPreRunE = func(cmd *cobra.Command, args []string) error {
		if err := startProfile(); err != nil {
			return err
		}
		return resolveNodeFlag()
	}
}

// resolveNodeFlag turns --node into the store URL of that node.
func resolveNodeFlag() error {
	if nodeAddr == "" {
		return nil
	}
	if storeURL != "" && storeURL != storeurl.NodeURL(nodeAddr) {
		return fmt.Errorf("--store and --node name two stores: give one")
	}
	storeURL = storeurl.NodeURL(nodeAddr)
	return nil
}

// selectedStoreURL is --store (or --node's store), else
// storeurl.DefaultURL.
func selectedStoreURL() string {
	if storeURL != "" {
		return storeURL
	}
	return storeurl.DefaultURL()
}

// takeRootFlags is for commands that parse their own flags (cobra's
// DisableFlagParsing hands them every argument, the root's too): it sets
// the root's persistent flags (--store, --node) found anywhere in args,
// before or after the command name, as --name VALUE or --name=VALUE, and
// returns the other arguments in order. valued says how many values each
// of the command's own flags takes; those values are passed on even when
// they look like a root flag. Nothing after "--" is taken.
func takeRootFlags(args []string, valued map[string]int) ([]string, error) {
	pf := rootCmd.PersistentFlags()
	var rest []string
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "--" {
			rest = append(rest, args[i:]...)
			break
		}
		if n := valued[a]; n > 0 {
			end := min(i+1+n, len(args))
			rest = append(rest, args[i:end]...)
			i = end - 1
			continue
		}
		name, val, hasVal := strings.Cut(strings.TrimPrefix(a, "--"), "=")
		f := pf.Lookup(name)
		if !strings.HasPrefix(a, "--") || f == nil {
			rest = append(rest, a)
			continue
		}
		switch {
		case hasVal:
		case f.NoOptDefVal != "":
			val = f.NoOptDefVal
		case i+1 < len(args):
			i++
			val = args[i]
		default:
			return nil, fmt.Errorf("flag '--%s' requires 1 argument(s)", name)
		}
		if err := pf.Set(name, val); err != nil {
			return nil, fmt.Errorf("flag '--%s': %w", name, err)
		}
	}
	if err := startProfile(); err != nil {
		return nil, err
	}
	return rest, resolveNodeFlag()
}

// interruptGrace is how long a command has, after SIGINT or SIGTERM
// canceled its context, to stop its work (kill and remove its build
// containers) before tvix exits anyway.
const interruptGrace = 20 * time.Second

// interrupted is the cause of the root context's end on a signal.
type interrupted struct{ sig syscall.Signal }

func (e *interrupted) Error() string { return "interrupted by " + e.sig.String() }

func main() {
	ctx, cancel := context.WithCancelCause(context.Background())
	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM)
	go func() {
		sig := (<-sigs).(syscall.Signal)
		signal.Stop(sigs) // a second signal acts at once, as without tvix's handler
		cancel(&interrupted{sig})
		time.Sleep(interruptGrace)
		fmt.Fprintln(os.Stderr, "error: interrupted; the work did not stop in time")
		os.Exit(128 + int(sig))
	}()
	err := rootCmd.ExecuteContext(ctx)
	stopProfile()
	var intr *interrupted
	if err != nil && errors.As(context.Cause(ctx), &intr) {
		// A command that stopped on the signal fails with its status
		// (130 for SIGINT, as shells report it); one that finished its
		// work anyway (simnet's report) exits as it would have.
		fmt.Fprintln(os.Stderr, "error: interrupted")
		os.Exit(128 + int(intr.sig))
	}
	if err != nil {
		if msg := err.Error(); strings.HasPrefix(msg, "\n") {
			fmt.Fprintln(os.Stderr, "error:"+msg)
		} else {
			fmt.Fprintln(os.Stderr, "error:", msg)
		}
		os.Exit(exitCode(err))
	}
}

// exitStatusError carries a specific exit status (nix-instantiate exits 1
// on evaluation errors, 100 for some others).
type exitStatusError struct {
	err  error
	code int
}

func (e *exitStatusError) Error() string { return e.err.Error() }
func (e *exitStatusError) Unwrap() error { return e.err }

func exitCode(err error) int {
	if e, ok := err.(*exitStatusError); ok {
		return e.code
	}
	return 1
}
