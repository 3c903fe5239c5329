package localstore

import (
	"context"
	"errors"

	"github.com/p2pnix/tvix/store"
	"github.com/p2pnix/tvix/store/nixpath"
)

// ErrNotPinned: Pins.Unpin of a path that is not pinned.
var ErrNotPinned = errors.New("not pinned")

// errNotStored: Pins.Pin of a path the store lacks.
var errNotStored = errors.New("not in the store")

// Pins are the pins (paths never deleted) of a local store opened by
// OpenPins, for the commands that change them with no node running
// (a node holds its store's lock and serves them itself).
type Pins struct {
	st  *store.Store
	dir nixpath.StoreDir
}

// OpenPins opens the local store in path for its pins; List names the
// pinned paths in the store directory dir. The caller must Close it.
func OpenPins(path string, dir nixpath.StoreDir) (*Pins, error) {
	st, err := Open(path)
	if err != nil {
		return nil, err
	}
	return &Pins{st: st, dir: dir}, nil
}

// Pin keeps the stored path with hash part h from being deleted; a path
// not in the store is an error saying so.
func (p *Pins) Pin(ctx context.Context, h [store.StorePathHashSize]byte) error {
	err := p.st.Maintenance.Pin(ctx, h)
	if errors.Is(err, store.ErrNotFound) {
		return errNotStored
	}
	return err
}

// Unpin lets the path with hash part h be deleted again; one that was not
// pinned is ErrNotPinned.
func (p *Pins) Unpin(ctx context.Context, h [store.StorePathHashSize]byte) error {
	was, err := p.st.Maintenance.Unpin(ctx, h)
	if err == nil && !was {
		err = ErrNotPinned
	}
	return err
}

// List returns the pinned store paths in hash order.
func (p *Pins) List(ctx context.Context) ([]string, error) {
	pins, err := p.st.Maintenance.Pins(ctx)
	var paths []string
	for _, pin := range pins {
		paths = append(paths, string(p.dir)+"/"+pin.Name)
	}
	return paths, err
}

// Close closes the store.
func (p *Pins) Close() error { return p.st.Close() }
