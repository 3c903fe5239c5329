package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/nix-community/go-nix/pkg/nixbase32"
	"github.com/p2pnix/tvix/node/nodeclient"
	"github.com/p2pnix/tvix/store"
	"github.com/p2pnix/tvix/store/localstore"
	"github.com/p2pnix/tvix/store/nixpath"
	"github.com/p2pnix/tvix/store/storeurl"
	"github.com/spf13/cobra"
)

// storeTarget tells where the selected store lives: a node's API (addr:
// host:port or a socket path) or a local store directory.
func storeTarget() (addr, localDir string, err error) {
	u := storeURL
	if u == "" {
		u = storeurl.DefaultURL()
	}
	if rest, ok := strings.CutPrefix(u, "grpc+http://"); ok {
		return rest, "", nil
	}
	if rest, ok := strings.CutPrefix(u, "grpc+unix:"); ok {
		return rest, "", nil
	}
	if rest, ok := strings.CutPrefix(u, "local:"); ok {
		return "", rest, nil
	}
	return "", "", fmt.Errorf("store %s: only a tvix-node (--node) or a local store keeps pins", u)
}

// withMaintainer opens the local store in dir and runs fn with its
// Maintainer.
func withMaintainer(dir string, fn func(m store.Maintainer) error) error {
	st, err := localstore.Open(dir)
	if err != nil {
		return err
	}
	m := st.Maintenance
	err = fn(m)
	if cerr := st.Close(); err == nil {
		err = cerr
	}
	return err
}

// pinArgs parses store path arguments.
func pinArgs(args []string) (nixpath.StoreDir, []nixpath.StorePath, error) {
	dir, err := storeDir()
	if err != nil {
		return dir, nil, err
	}
	var sps []nixpath.StorePath
	for _, a := range args {
		sp, err := dir.Parse(a)
		if err != nil {
			return dir, nil, fmt.Errorf("%s: %w", a, err)
		}
		sps = append(sps, sp)
	}
	return dir, sps, nil
}

// pinRunner runs verb (pin or unpin) on each store path argument: as an
// HTTP request with method to the node's PinsPath, or with local on the
// local store.
func pinRunner(verb, method string, local func(ctx context.Context, m store.Maintainer, h [store.StorePathHashSize]byte) error) func(*cobra.Command, []string) error {
	return func(cmd *cobra.Command, args []string) error {
		_, sps, err := pinArgs(args)
		if err != nil {
			return err
		}
		addr, dir, err := storeTarget()
		if err != nil {
			return fmt.Errorf("%s: %w", verb, err)
		}
		ctx := cmd.Context()
		if addr != "" {
			for i, sp := range sps {
				if _, err := nodeclient.Do(ctx, method, addr, nodeclient.PinsPath+"/"+nixbase32.EncodeToString(sp.Hash[:])); err != nil {
					return fmt.Errorf("%s %s: %w", verb, args[i], err)
				}
			}
			return nil
		}
		return withMaintainer(dir, func(m store.Maintainer) error {
			for i, sp := range sps {
				if err := local(ctx, m, sp.Hash); err != nil {
					return fmt.Errorf("%s %s: %w", verb, args[i], err)
				}
			}
			return nil
		})
	}
}

// errNotPinned: unpin of a path that is not pinned.
var errNotPinned = errors.New("not pinned")

var storePinCmd = &cobra.Command{
	Use:   "pin STOREPATH...",
	Short: "Keep store paths in this node's shard: a pinned path is never evicted (a node fetches a missing one first)",
	Args:  cobra.MinimumNArgs(1),
	RunE: pinRunner("pin", http.MethodPut, func(ctx context.Context, m store.Maintainer, h [store.StorePathHashSize]byte) error {
		err := m.Pin(ctx, h)
		if errors.Is(err, store.ErrNotFound) {
			return errors.New("not in the store")
		}
		return err
	}),
}

var storeUnpinCmd = &cobra.Command{
	Use:   "unpin STOREPATH...",
	Short: "Let pinned store paths be evicted again",
	Args:  cobra.MinimumNArgs(1),
	RunE: pinRunner("unpin", http.MethodDelete, func(ctx context.Context, m store.Maintainer, h [store.StorePathHashSize]byte) error {
		was, err := m.Unpin(ctx, h)
		if err == nil && !was {
			err = errNotPinned
		}
		return err
	}),
}

var storePinsCmd = &cobra.Command{
	Use:   "pins",
	Short: "List the pinned store paths",
	Args:  cobra.NoArgs,
	RunE: func(cmd *cobra.Command, args []string) error {
		dir, err := storeDir()
		if err != nil {
			return err
		}
		addr, local, err := storeTarget()
		if err != nil {
			return fmt.Errorf("pins: %w", err)
		}
		var paths []string
		if addr != "" {
			b, err := nodeclient.Do(cmd.Context(), http.MethodGet, addr, nodeclient.PinsPath)
			if err != nil {
				return fmt.Errorf("pins: %w", err)
			}
			if err := json.Unmarshal(b, &paths); err != nil {
				return fmt.Errorf("pins: node %s: %w", addr, err)
			}
		} else {
			err := withMaintainer(local, func(m store.Maintainer) error {
				pins, err := m.Pins(cmd.Context())
				for _, p := range pins {
					paths = append(paths, string(dir)+"/"+p.Name)
				}
				return err
			})
			if err != nil {
				return fmt.Errorf("pins: %w", err)
			}
		}
		for _, p := range paths {
			fmt.Fprintln(cmd.OutOrStdout(), p)
		}
		return nil
	},
}

func init() {
	storeCmd.AddCommand(storePinCmd, storeUnpinCmd, storePinsCmd)
}
