package upstream

import (
	"context"
	"errors"

	"github.com/p2pnix/tvix/proto/storev1"
	"github.com/p2pnix/tvix/store"
)

// substitutingPathInfos answers a miss of its inner service by
// substituting the path.
type substitutingPathInfos struct {
	store.PathInfoService
	s *Substituter
}

type substitutingPathInfoBatcher struct {
	*substitutingPathInfos
	store.PathInfoBatcher
}

var (
	_ store.PathInfoService = (*substitutingPathInfos)(nil)
	_ store.PathInfoBatcher = (*substitutingPathInfoBatcher)(nil)
)

// NewSubstitutingPathInfos wraps inner so that a path it lacks is
// substituted by s (which registers it in its target, usually inner).
// The result has PutMany when inner has.
func NewSubstitutingPathInfos(inner store.PathInfoService, s *Substituter) store.PathInfoService {
	w := &substitutingPathInfos{PathInfoService: inner, s: s}
	if b, ok := inner.(store.PathInfoBatcher); ok {
		return &substitutingPathInfoBatcher{w, b}
	}
	return w
}

// Get implements store.PathInfoService.
func (w *substitutingPathInfos) Get(ctx context.Context, h [store.StorePathHashSize]byte) (*storev1.PathInfo, error) {
	info, err := w.PathInfoService.Get(ctx, h)
	if !errors.Is(err, store.ErrNotFound) || !w.s.Enabled() {
		return info, err
	}
	info, serr := w.s.Substitute(ctx, h)
	if errors.Is(serr, store.ErrNotFound) {
		return nil, err
	}
	return info, serr
}
