package upstream

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/nix-community/go-nix/pkg/nixbase32"
	"github.com/p2pnix/tvix/proto/storev1"
	"github.com/p2pnix/tvix/store"
	"github.com/p2pnix/tvix/store/nixpath"
	"github.com/p2pnix/tvix/store/nixsig"
	"golang.org/x/sync/singleflight"
)

// Defaults of Config.
const (
	DefaultMissTTL   = time.Minute
	DefaultRetryDown = 30 * time.Second
	DefaultMaxRatio  = 1000
)

// Config configures a Substituter.
type Config struct {
	// URLs are the binary caches, asked in order (Nix's substituters):
	// http://, https:// or file://.
	URLs []string
	// TrustedKeys sign what may be substituted (Nix's
	// trusted-public-keys); a path no trusted key signed is refused.
	TrustedKeys []nixsig.PublicKey
	StoreDir    nixpath.StoreDir
	// Target receives the content and the PathInfos.
	Target *store.Store
	HTTP   HTTPOptions
	// MissTTL is how long a path no cache had is answered as missing
	// without asking again.
	MissTTL time.Duration
	// RetryDown is how long a cache that could not be reached is
	// skipped.
	RetryDown time.Duration
	// MaxRatio bounds how much a NAR may expand when decompressed.
	MaxRatio uint64
	// Owner, when set, names the node of the cluster that downloads path
	// h for everyone: its binary cache URL and public key; ok is false
	// when that is this node. Substitute asks the owner first (which
	// substitutes it once for the whole cluster) and falls back on the
	// URLs when the owner fails.
	Owner func(h [store.StorePathHashSize]byte) (url string, key nixsig.PublicKey, ok bool)
	// OwnerHeader is set on requests to an owner, whose node answers
	// them without delegating further (see Direct).
	OwnerHeader string
	// Now is the clock; nil is time.Now.
	Now    func() time.Time
	Logger *slog.Logger
}

// Substituter fetches store paths from upstream binary caches into a
// store. It is safe for concurrent use.
type Substituter struct {
	cfg    Config
	caches []cache
	f      fetcher
	group  singleflight.Group
	owners sync.Map // owner URL -> cache

	mu     sync.Mutex
	misses map[[store.StorePathHashSize]byte]time.Time // until when
	down   map[int]time.Time                           // cache index -> skipped until
	stats  Stats
}

// Stats count what a Substituter did.
type Stats struct {
	Substituted, Misses, Refused, Downloads uint64
}

// New returns a Substituter; with no URLs it answers every path missing.
func New(cfg Config) (*Substituter, error) {
	if cfg.Target == nil {
		return nil, errors.New("upstream: no target store")
	}
	if cfg.StoreDir == "" {
		cfg.StoreDir = nixpath.DefaultStoreDir
	}
	if cfg.MissTTL == 0 {
		cfg.MissTTL = DefaultMissTTL
	}
	if cfg.RetryDown == 0 {
		cfg.RetryDown = DefaultRetryDown
	}
	if cfg.MaxRatio == 0 {
		cfg.MaxRatio = DefaultMaxRatio
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	s := &Substituter{cfg: cfg, misses: map[[store.StorePathHashSize]byte]time.Time{}, down: map[int]time.Time{},
		f: fetcher{dir: cfg.StoreDir, trusted: cfg.TrustedKeys, blobs: cfg.Target.Blobs, dirs: cfg.Target.Directories, maxRatio: cfg.MaxRatio}}
	for _, u := range cfg.URLs {
		c, err := openCache(u, cfg.HTTP)
		if err != nil {
			return nil, err
		}
		s.caches = append(s.caches, c)
	}
	return s, nil
}

// Enabled reports whether s has any cache to ask.
func (s *Substituter) Enabled() bool { return s != nil && len(s.caches) > 0 }

// Stats returns the counts so far.
func (s *Substituter) Stats() Stats {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.stats
}

// Substitute fetches the path with hash part h from the first cache that
// has it, registers it in the target store and returns its PathInfo.
// A path no cache has is store.ErrNotFound, answered at once while
// remembered as missing. Concurrent calls for one path share one
// download, which goes on when a caller's ctx ends while another waits.
func (s *Substituter) Substitute(ctx context.Context, h [store.StorePathHashSize]byte) (*storev1.PathInfo, error) {
	if !s.Enabled() {
		return nil, fmt.Errorf("%s: %w (no substituters)", nixbase32.EncodeToString(h[:]), store.ErrNotFound)
	}
	if s.missing(h) {
		return nil, fmt.Errorf("%s: %w in the substituters", nixbase32.EncodeToString(h[:]), store.ErrNotFound)
	}
	// Downloads here, asked by another node or not, share one call.
	var o owner
	if ctx.Value(directKey{}) == nil && s.cfg.Owner != nil {
		o.url, o.key, o.ok = s.cfg.Owner(h)
	}
	key := string(h[:])
	if o.ok {
		key = "owner:" + key
	}
	ch := s.group.DoChan(key, func() (any, error) {
		return s.substitute(context.WithoutCancel(ctx), h, o)
	})
	select {
	case <-ctx.Done():
		return nil, ctx.Err()
	case r := <-ch:
		if r.Err != nil {
			return nil, r.Err
		}
		return r.Val.(*storev1.PathInfo), nil
	}
}

func (s *Substituter) missing(h [store.StorePathHashSize]byte) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	until, ok := s.misses[h]
	if ok && s.cfg.Now().Before(until) {
		return true
	}
	delete(s.misses, h)
	return false
}

// directKey marks a context whose substitutions are not delegated.
type directKey struct{}

// Direct returns ctx for a substitution an owner was asked for by
// another node: it goes to the upstream caches, never to another owner,
// so that nodes whose views of the cluster differ cannot wait on each
// other.
func Direct(ctx context.Context) context.Context { return context.WithValue(ctx, directKey{}, true) }

// owner is the node asked first for a path, if ok.
type owner struct {
	url string
	key nixsig.PublicKey
	ok  bool
}

// fromOwner asks the owner of h for it; nil when that failed (the
// caller asks the upstream caches itself).
func (s *Substituter) fromOwner(ctx context.Context, h [store.StorePathHashSize]byte, o owner) *storev1.PathInfo {
	url, key := o.url, o.key
	c, err := s.ownerCache(url)
	if err != nil {
		return nil
	}
	f := s.f
	f.trusted = []nixsig.PublicKey{key}
	info, err := f.fetch(ctx, c, h)
	if err != nil {
		if !errors.Is(err, errMissing) {
			s.cfg.Logger.Warn("substituting through the cluster", "owner", url, "err", err)
		}
		return nil
	}
	stored, err := s.cfg.Target.PathInfos.Put(ctx, info)
	if err != nil {
		return nil
	}
	s.count(func(st *Stats) { st.Substituted++ })
	return stored
}

// ownerTimeout bounds the wait for an owner's narinfo, which it answers
// once it has downloaded the whole path.
const ownerTimeout = 10 * time.Minute

// ownerCache returns the cache of the owner at url, made once.
func (s *Substituter) ownerCache(url string) (cache, error) {
	if c, ok := s.owners.Load(url); ok {
		return c.(cache), nil
	}
	o := s.cfg.HTTP
	o.ResponseTimeout, o.Header = ownerTimeout, s.cfg.OwnerHeader
	c, err := openCache(url, o)
	if err != nil {
		return nil, err
	}
	s.owners.Store(url, c)
	return c, nil
}

// substitute asks the owner (if any), then the caches in order.
func (s *Substituter) substitute(ctx context.Context, h [store.StorePathHashSize]byte, o owner) (*storev1.PathInfo, error) {
	if o.ok {
		if info := s.fromOwner(ctx, h, o); info != nil {
			return info, nil
		}
	}
	hashPart := nixbase32.EncodeToString(h[:])
	allAnswered := true
	var firstErr error
	for i, c := range s.caches {
		if s.isDown(i) {
			allAnswered = false
			continue
		}
		info, err := s.f.fetch(ctx, c, h)
		switch {
		case err == nil:
			stored, err := s.cfg.Target.PathInfos.Put(ctx, info)
			if err != nil {
				return nil, fmt.Errorf("substituting %s from %s: registering: %w", s.cfg.StoreDir.Absolute(mustBase(info)), c, err)
			}
			s.count(func(st *Stats) { st.Substituted++; st.Downloads++ })
			s.cfg.Logger.Info("substituted", "path", string(store.NodeName(stored.GetNode())), "from", c.String(), "narSize", stored.GetNarinfo().GetNarSize())
			return stored, nil
		case errors.Is(err, errMissing):
		case errors.Is(err, errUnreachable):
			allAnswered = false
			s.setDown(i)
			s.cfg.Logger.Warn("substituter unreachable", "url", c.String(), "err", err, "retry in", s.cfg.RetryDown)
		default:
			if errors.Is(err, ErrRefused) {
				s.count(func(st *Stats) { st.Refused++ })
			}
			s.cfg.Logger.Warn("substitution failed", "hash", hashPart, "url", c.String(), "err", err)
			if firstErr == nil {
				firstErr = err
			}
		}
	}
	if firstErr != nil {
		return nil, firstErr
	}
	s.count(func(st *Stats) { st.Misses++ })
	if allAnswered {
		s.remember(h)
	}
	return nil, fmt.Errorf("%s: %w in the substituters", hashPart, store.ErrNotFound)
}

// maxMisses bounds the misses remembered; beyond it the expired ones are
// dropped, and if that is not enough, all.
const maxMisses = 1 << 16

// remember records h as missing for MissTTL.
func (s *Substituter) remember(h [store.StorePathHashSize]byte) {
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.cfg.Now()
	if len(s.misses) >= maxMisses {
		for k, until := range s.misses {
			if !now.Before(until) {
				delete(s.misses, k)
			}
		}
		if len(s.misses) >= maxMisses {
			clear(s.misses)
		}
	}
	s.misses[h] = now.Add(s.cfg.MissTTL)
}

func mustBase(info *storev1.PathInfo) nixpath.StorePath {
	sp, _ := nixpath.ParseBase(string(store.NodeName(info.GetNode())))
	return sp
}

func (s *Substituter) count(fn func(*Stats)) {
	s.mu.Lock()
	fn(&s.stats)
	s.mu.Unlock()
}

func (s *Substituter) isDown(i int) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	until, ok := s.down[i]
	return ok && s.cfg.Now().Before(until)
}

func (s *Substituter) setDown(i int) {
	s.mu.Lock()
	s.down[i] = s.cfg.Now().Add(s.cfg.RetryDown)
	s.mu.Unlock()
}
