package main

import (
	"context"
	"fmt"

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
	u := selectedStoreURL()
	addr, localDir, ok := storeurl.NodeOrLocal(u)
	if !ok {
		return "", "", fmt.Errorf("store %s: only a tvix-node (--node) or a local store keeps pins", u)
	}
	return addr, localDir, nil
}

// pins is what the pin commands use: a node's pins (nodeclient.Pins) or,
// with no node, a local store's (localstore.Pins).
type pins interface {
	Pin(ctx context.Context, h [store.StorePathHashSize]byte) error
	Unpin(ctx context.Context, h [store.StorePathHashSize]byte) error
	List(ctx context.Context) ([]string, error)
	Close() error
}

var (
	_ pins = (*nodeclient.Pins)(nil)
	_ pins = (*localstore.Pins)(nil)
)

// openPins opens the pins of the node at addr, or else of the local store
// in localDir (see storeTarget).
func openPins(addr, localDir string, dir nixpath.StoreDir) (pins, error) {
	if addr != "" {
		return &nodeclient.Pins{Addr: addr}, nil
	}
	return localstore.OpenPins(localDir, dir)
}

// pinRunner runs verb (pin or unpin) with do on each store path argument.
func pinRunner(verb string, do func(p pins, ctx context.Context, h [store.StorePathHashSize]byte) error) func(*cobra.Command, []string) error {
	return func(cmd *cobra.Command, args []string) error {
		dir, err := storeDir()
		if err != nil {
			return err
		}
		var sps []nixpath.StorePath
		for _, a := range args {
			sp, err := dir.Parse(a)
			if err != nil {
				return fmt.Errorf("%s: %w", a, err)
			}
			sps = append(sps, sp)
		}
		addr, local, err := storeTarget()
		if err != nil {
			return fmt.Errorf("%s: %w", verb, err)
		}
		p, err := openPins(addr, local, dir)
		if err != nil {
			return err
		}
		for i, sp := range sps {
			if err = do(p, cmd.Context(), sp.Hash); err != nil {
				err = fmt.Errorf("%s %s: %w", verb, args[i], err)
				break
			}
		}
		if cerr := p.Close(); err == nil {
			err = cerr
		}
		return err
	}
}

var storePinCmd = &cobra.Command{
	Use:   "pin STOREPATH...",
	Short: "Keep store paths in this node's shard: a pinned path is never evicted (a node fetches a missing one first)",
	Args:  cobra.MinimumNArgs(1),
	RunE:  pinRunner("pin", pins.Pin),
}

var storeUnpinCmd = &cobra.Command{
	Use:   "unpin STOREPATH...",
	Short: "Let pinned store paths be evicted again",
	Args:  cobra.MinimumNArgs(1),
	RunE:  pinRunner("unpin", pins.Unpin),
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
		p, err := openPins(addr, local, dir)
		if err == nil {
			paths, err = p.List(cmd.Context())
			if cerr := p.Close(); err == nil {
				err = cerr
			}
		}
		if err != nil {
			return fmt.Errorf("pins: %w", err)
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
