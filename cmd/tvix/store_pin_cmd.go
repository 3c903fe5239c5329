package main

import (
	"context"
	"errors"
	"fmt"

	"github.com/p2pnix/tvix/node/nodeclient"
	"github.com/p2pnix/tvix/store"
	"github.com/p2pnix/tvix/store/nixpath"
	"github.com/p2pnix/tvix/store/storeurl"
	"github.com/spf13/cobra"
)

// pins is what the pin commands use: a node's pins (nodeclient.Pins) or,
// with no node, those of a store that keeps them itself (storePins).
type pins interface {
	Pin(ctx context.Context, h [store.StorePathHashSize]byte) error
	Unpin(ctx context.Context, h [store.StorePathHashSize]byte) error
	List(ctx context.Context) ([]string, error)
	Close() error
}

var (
	_ pins = (*nodeclient.Pins)(nil)
	_ pins = (*storePins)(nil)
)

// openPins opens the pins of the selected store: a node's, or those of a
// store with Maintenance (local:, s3://), whose paths List names in dir.
func openPins(ctx context.Context, dir nixpath.StoreDir) (pins, error) {
	u := selectedStoreURL()
	if addr, ok := storeurl.NodeAddr(u); ok {
		return &nodeclient.Pins{Addr: addr}, nil
	}
	st, err := storeurl.Open(ctx, u)
	if err != nil {
		return nil, err
	}
	if st.Maintenance == nil {
		st.Close()
		return nil, fmt.Errorf("store %s keeps no pins (a tvix-node, local: and s3:// stores do)", u)
	}
	return &storePins{st: st, dir: dir}, nil
}

// storePins are the pins (paths never deleted) of an opened store, for
// the commands that change them with no node running (a node holds its
// local store's lock and serves them itself).
type storePins struct {
	st  *store.Store
	dir nixpath.StoreDir
}

func (p *storePins) Pin(ctx context.Context, h [store.StorePathHashSize]byte) error {
	err := p.st.Maintenance.Pin(ctx, h)
	if errors.Is(err, store.ErrNotFound) {
		return errors.New("not in the store")
	}
	return err
}

func (p *storePins) Unpin(ctx context.Context, h [store.StorePathHashSize]byte) error {
	was, err := p.st.Maintenance.Unpin(ctx, h)
	if err == nil && !was {
		err = errors.New("not pinned")
	}
	return err
}

// List returns the pinned store paths in hash order.
func (p *storePins) List(ctx context.Context) ([]string, error) {
	pins, err := p.st.Maintenance.Pins(ctx)
	var paths []string
	for _, pin := range pins {
		paths = append(paths, string(p.dir)+"/"+pin.Name)
	}
	return paths, err
}

func (p *storePins) Close() error { return p.st.Close() }

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
		p, err := openPins(cmd.Context(), dir)
		if err != nil {
			return fmt.Errorf("%s: %w", verb, err)
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
		var paths []string
		p, err := openPins(cmd.Context(), dir)
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
