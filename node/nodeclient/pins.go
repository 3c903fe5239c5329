package nodeclient

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"

	"github.com/nix-community/go-nix/pkg/nixbase32"
	"github.com/p2pnix/tvix/store"
)

// Pins are the pins (paths never evicted) of the shard of the node whose
// API is at Addr (host:port or a unix socket path), read and changed
// through PinsPath. It holds no connection; Close does nothing.
type Pins struct{ Addr string }

// Pin pins the store path with hash part h; the node fetches it from the
// cluster first when its shard lacks it.
func (p *Pins) Pin(ctx context.Context, h [store.StorePathHashSize]byte) error {
	_, err := Do(ctx, http.MethodPut, p.Addr, pinPath(h))
	return err
}

// Unpin lets the store path with hash part h be evicted again.
func (p *Pins) Unpin(ctx context.Context, h [store.StorePathHashSize]byte) error {
	_, err := Do(ctx, http.MethodDelete, p.Addr, pinPath(h))
	return err
}

// List returns the pinned store paths.
func (p *Pins) List(ctx context.Context) ([]string, error) {
	b, err := Do(ctx, http.MethodGet, p.Addr, PinsPath)
	if err != nil {
		return nil, err
	}
	var paths []string
	if err := json.Unmarshal(b, &paths); err != nil {
		return nil, fmt.Errorf("node %s: %w", p.Addr, err)
	}
	return paths, nil
}

// Close does nothing: each call is its own request.
func (p *Pins) Close() error { return nil }

func pinPath(h [store.StorePathHashSize]byte) string {
	return PinsPath + "/" + nixbase32.EncodeToString(h[:])
}
