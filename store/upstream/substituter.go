package upstream

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"sync"
	"time"

	"github.com/nix-community/go-nix/pkg/nixbase32"
	"github.com/p2pnix/tvix/proto/storev1"
	"github.com/p2pnix/tvix/store"
	"github.com/p2pnix/tvix/store/nixpath"
	"github.com/p2pnix/tvix/store/nixsig"
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
	owners sync.Map // owner URL -> cache

	mu       sync.Mutex
	inflight map[string]*download                        // by downloadKey
	misses   map[[store.StorePathHashSize]byte]time.Time // until when
	down     map[int]time.Time                           // cache index -> skipped until
	stats    Stats
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
	s := &Substituter{cfg: cfg, inflight: map[string]*download{}, misses: map[[store.StorePathHashSize]byte]time.Time{}, down: map[int]time.Time{},
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
	d, err := s.start(ctx, h, false)
	if err != nil {
		return nil, err
	}
	select {
	case <-ctx.Done():
		return nil, ctx.Err()
	case <-d.done:
		return d.info, d.err
	}
}

// Stream is Substitute that returns as soon as the path's narinfo is
// checked, with the NAR still downloading: then info is nil and st
// streams the NAR. A download that ends first returns as Substitute
// does, and so does joining a download Substitute started.
func (s *Substituter) Stream(ctx context.Context, h [store.StorePathHashSize]byte) (info *storev1.PathInfo, st *Stream, err error) {
	d, err := s.start(ctx, h, true)
	if err != nil {
		return nil, nil, err
	}
	select {
	case <-ctx.Done():
		return nil, nil, ctx.Err()
	case <-d.done:
		return d.info, nil, d.err
	case <-d.streaming:
		return nil, d.current(), nil
	}
}

// InFlight returns the stream of h's download in progress here, or nil.
func (s *Substituter) InFlight(h [store.StorePathHashSize]byte) *Stream {
	if !s.Enabled() {
		return nil
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, key := range []string{downloadKey(h, false), downloadKey(h, true)} {
		if d := s.inflight[key]; d != nil {
			if st := d.current(); st != nil {
				return st
			}
		}
	}
	return nil
}

// download is one path's substitution, shared by all who ask for it.
type download struct {
	wanted    bool          // by a caller of Stream; guarded by Substituter.mu
	streaming chan struct{} // closed once stream is set
	mu        sync.Mutex
	stream    *Stream       // of the latest attempt
	done      chan struct{} // closed once info or err is set
	info      *storev1.PathInfo
	err       error
}

// downloadKey names the download of h, through an owner or not.
func downloadKey(h [store.StorePathHashSize]byte, owned bool) string {
	if owned {
		return "owner:" + string(h[:])
	}
	return string(h[:])
}

// start returns the download of h, joining the one in progress, and
// streamed if stream. Downloads here, asked by another node or not,
// share one call.
func (s *Substituter) start(ctx context.Context, h [store.StorePathHashSize]byte, stream bool) (*download, error) {
	if !s.Enabled() {
		return nil, fmt.Errorf("%s: %w (no substituters)", nixbase32.EncodeToString(h[:]), store.ErrNotFound)
	}
	if s.missing(h) {
		return nil, fmt.Errorf("%s: %w in the substituters", nixbase32.EncodeToString(h[:]), store.ErrNotFound)
	}
	var o owner
	if ctx.Value(directKey{}) == nil && s.cfg.Owner != nil {
		o.url, o.key, o.ok = s.cfg.Owner(h)
	}
	key := downloadKey(h, o.ok)
	s.mu.Lock()
	defer s.mu.Unlock()
	if d := s.inflight[key]; d != nil {
		d.wanted = d.wanted || stream
		return d, nil
	}
	d := &download{wanted: stream, streaming: make(chan struct{}), done: make(chan struct{})}
	s.inflight[key] = d
	go func() {
		info, err := s.substitute(context.WithoutCancel(ctx), h, o, d)
		s.mu.Lock()
		delete(s.inflight, key)
		s.mu.Unlock()
		d.info, d.err = info, err
		close(d.done)
	}()
	return d, nil
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
func (s *Substituter) fromOwner(ctx context.Context, h [store.StorePathHashSize]byte, o owner, d *download) *storev1.PathInfo {
	url, key := o.url, o.key
	c, err := s.ownerCache(url)
	if err != nil {
		return nil
	}
	f := s.f
	f.trusted = []nixsig.PublicKey{key}
	stored, err := s.fetch(ctx, &f, c, h, d)
	if err != nil {
		if !errors.Is(err, errMissing) {
			s.cfg.Logger.Warn("substituting through the cluster", "owner", url, "err", err)
		}
		return nil
	}
	s.count(func(st *Stats) { st.Substituted++ })
	return stored
}

// fetch fetches h from c with f and registers it. Once the narinfo is
// checked, the NAR is streamed to d's readers, if any asked.
func (s *Substituter) fetch(ctx context.Context, f *fetcher, c cache, h [store.StorePathHashSize]byte, d *download) (*storev1.PathInfo, error) {
	o, err := f.open(ctx, c, h)
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	wanted := d.wanted
	s.mu.Unlock()
	var st *Stream
	var tee io.Writer
	if wanted {
		st = newStream(o.info())
		d.setStream(st)
		tee = st
	}
	info, err := f.ingest(ctx, o, tee)
	var stored *storev1.PathInfo
	if err == nil {
		stored, err = s.cfg.Target.PathInfos.Put(ctx, info)
		if err != nil {
			err = fmt.Errorf("substituting %s from %s: registering: %w", s.cfg.StoreDir.Absolute(o.p.StorePath), c, err)
		}
	}
	if st != nil {
		st.finish(stored, err)
	}
	return stored, err
}

// setStream makes st the stream of d's new readers; a later attempt's
// replaces that of one that failed (whose readers got its error).
func (d *download) setStream(st *Stream) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.stream == nil {
		close(d.streaming)
	}
	d.stream = st
}

func (d *download) current() *Stream {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.stream
}

// ownerTimeout bounds the wait for an owner's narinfo, which it answers
// once it has checked the upstream's (streaming the NAR).
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
func (s *Substituter) substitute(ctx context.Context, h [store.StorePathHashSize]byte, o owner, d *download) (*storev1.PathInfo, error) {
	if o.ok {
		if info := s.fromOwner(ctx, h, o, d); info != nil {
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
		stored, err := s.fetch(ctx, &s.f, c, h, d)
		switch {
		case err == nil:
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
