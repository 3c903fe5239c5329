package buildsession

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"runtime"
	"strings"
	"time"

	"github.com/p2pnix/tvix/builder"
	"github.com/p2pnix/tvix/builder/buildprof"
	"github.com/p2pnix/tvix/builder/oci"
	"github.com/p2pnix/tvix/internal/tvixhome"
	"github.com/p2pnix/tvix/store"
	"github.com/p2pnix/tvix/store/nixpath"
	"github.com/p2pnix/tvix/store/nixsig"
	"github.com/p2pnix/tvix/store/storeurl"
)

// Settings are the build flags of tvix build and tvix build-drv.
type Settings struct {
	Jobs, Cores           int
	KeepGoing, KeepFailed bool
	Check, Quiet          bool
	Timeout, MaxSilent    time.Duration
	// LogTailLines is how many lines of a failed build's log its error
	// shows; 0 means 10.
	LogTailLines int
	// Progress draws a status line when Stderr is a terminal;
	// DescribeBuilds lists what will be built, as nix-build does.
	Progress, DescribeBuilds bool
	// Local builds here even when the store is a node's (--local).
	Local bool
	// CheckReproducible has a node's farm build every derivation twice,
	// on two peers, and compare (--check-reproducible); it needs a node.
	CheckReproducible bool
	// coresSet: Cores was given (--cores, a client's cores), so a node's
	// builds use it too rather than the node's share of its CPUs.
	coresSet bool
}

// DefaultSettings is one build at a time with every CPU.
func DefaultSettings() Settings {
	return Settings{Jobs: 1, Cores: runtime.NumCPU()}
}

// Options say where a session builds and reports.
type Options struct {
	// Home holds the sandboxes, logs, signing key and checkouts.
	Home tvixhome.Dir
	// StoreURL is the store the session opens (see storeurl.Open).
	StoreURL string
	Settings Settings
	// Stderr receives build logs, the progress line and a node's
	// messages.
	Stderr io.Writer
}

// Session is one build session: a store, the builder (OCI sandboxes here,
// or a node's cluster), the kept build logs, the progress line and the
// checkouts of outputs. It is not safe for concurrent use.
type Session struct {
	st       *store.Store
	ownStore bool
	home     tvixhome.Dir
	dir      nixpath.StoreDir
	settings Settings
	db       *builder.DrvBuilder
	sandbox  builder.Builder
	logs     *logFiles
	progress *progressLine
	// node, when set, builds instead (through_node.go); where records
	// what it reported per derivation.
	node  string
	where map[string]NodeResult
	// daemonLog, for the Nix daemon protocol's builds, also receives
	// each build's start, log and end (daemon_builder.go).
	daemonLog *buildLogs
}

// ErrCheckNeedsFarm is Open's error for --check-reproducible without a
// node to build through.
var ErrCheckNeedsFarm = errors.New("--check-reproducible builds each derivation on two peers of a node's farm: it needs a node (--node, TVIX_NODE or a running node of $TVIX_HOME) and does not work with --local or --check")

// Open opens the store o.StoreURL names and the builder of tvix build:
// the node that store is (see NodeAddr), unless Settings.Local or
// Settings.Check (which needs the outputs here), else OCI sandboxes on
// this machine (NewLocal). Through a node the derivations the session
// writes land in the node's store, and so do the outputs.
func Open(ctx context.Context, o Options) (*Session, error) {
	st, err := storeurl.Open(ctx, o.StoreURL)
	if err != nil {
		return nil, err
	}
	var s *Session
	if !o.Settings.Local && !o.Settings.Check {
		if addr := NodeAddr(ctx, o.StoreURL); addr != "" {
			s = newNodeSession(st, addr, o.Home, o.Settings, o.Stderr)
		}
	}
	if s == nil && o.Settings.CheckReproducible {
		if st.Close != nil {
			st.Close()
		}
		return nil, ErrCheckNeedsFarm
	}
	if s == nil {
		if s, err = NewLocal(st, o.Home, o.Settings, o.Stderr); err != nil {
			if st.Close != nil {
				st.Close()
			}
			return nil, err
		}
	}
	s.ownStore = true
	return s, nil
}

// newNodeSession is a session over st, the store of the node at addr,
// that builds through that node. Close does not close st.
func newNodeSession(st *store.Store, addr string, home tvixhome.Dir, s Settings, stderr io.Writer) *Session {
	return &Session{st: st, home: home, dir: nixpath.DefaultStoreDir, settings: s, node: addr, where: map[string]NodeResult{},
		logs:     &logFiles{dir: home.Logs(), files: map[string]*os.File{}},
		progress: newProgressLine(stderr, s.Progress)}
}

// NewLocal is a session over st whose builds run in OCI sandboxes under
// home's builder directory, sign outputs with home's secret key when there
// is one, and keep their logs in home's log directory. Build logs go to
// stderr unless s.Quiet. Close does not close st.
func NewLocal(st *store.Store, home tvixhome.Dir, s Settings, stderr io.Writer) (*Session, error) {
	buildprof.Add(buildprof.Tvix, "process start, store open", 0, buildprof.ProcessCPU())
	dir := nixpath.DefaultStoreDir
	b, err := oci.New(oci.Options{Dir: home.Builder(), Blobs: st.Blobs, Directories: st.Directories, KeepFailed: s.KeepFailed})
	if err != nil {
		return nil, err
	}
	var key *nixsig.SecretKey
	if data, err := os.ReadFile(home.SecretKey()); err == nil {
		sk, err := nixsig.ParseSecretKey(string(data))
		if err != nil {
			return nil, fmt.Errorf("%s: %w", home.SecretKey(), err)
		}
		key = &sk
	} else if !errors.Is(err, fs.ErrNotExist) {
		return nil, err
	}
	lb := &Session{st: st, home: home, dir: dir, settings: s, sandbox: b,
		logs:     &logFiles{dir: home.Logs(), files: map[string]*os.File{}},
		progress: newProgressLine(stderr, s.Progress)}
	lb.db, err = builder.NewDrvBuilder(builder.DrvBuilderOptions{
		Store: st, StoreDir: dir, Builder: b, SigningKey: key,
		Request: builder.RequestOptions{Cores: s.Cores, Timeout: s.Timeout, MaxSilent: s.MaxSilent},
		Log: func(drvPath string) io.Writer {
			w := lb.logs.open(drvPath)
			if lb.daemonLog != nil {
				return io.MultiWriter(w, lb.daemonLog.writer(drvPath))
			}
			if s.Quiet {
				return w
			}
			return io.MultiWriter(w, lb.progress)
		},
		Progress: func(e builder.Event) {
			lb.progress.event(e)
			if lb.daemonLog != nil {
				lb.daemonLog.event(e)
				return
			}
			if e.Started {
				lb.progress.printf("building '%s'...\n", e.DrvPath)
			}
		},
	})
	if err != nil {
		return nil, err
	}
	return lb, nil
}

// Store is the session's store.
func (lb *Session) Store() *store.Store { return lb.st }

// Close removes the progress line, stops the sandbox helper process, if
// one runs, after killing its builds, and closes the store Open opened.
// With build profiling on (TVIX_BUILD_PROFILE, package buildprof) it then
// writes the profile of the session's builds here.
func (lb *Session) Close() error {
	lb.progress.clear()
	sp := buildprof.Begin("stop helper, close store")
	var err error
	if c, ok := lb.sandbox.(io.Closer); ok {
		err = c.Close()
	}
	if lb.ownStore && lb.st.Close != nil {
		if cerr := lb.st.Close(); err == nil {
			err = cerr
		}
	}
	sp.End()
	if lb.sandbox != nil {
		lb.progress.mu.Lock()
		n := lb.progress.built + lb.progress.failed
		lb.progress.mu.Unlock()
		buildprof.Report(lb.progress, n)
	}
	return err
}

// ClearProgress removes the progress line for good, before the caller
// prints its results.
func (lb *Session) ClearProgress() { lb.progress.clear() }

// BuildClosure builds drvPaths and what they need (see
// builder.DrvBuilder.BuildClosure); check applies --check to drvPaths.
// When builds fail it returns the results of those that succeeded and an
// error stating each failure in Nix's words (see failure).
func (lb *Session) BuildClosure(ctx context.Context, drvPaths []string, check bool) ([]*builder.Result, error) {
	res, err := lb.buildClosure(ctx, drvPaths, check)
	if err != nil {
		return res, lb.failure(err)
	}
	return res, nil
}

func (lb *Session) buildClosure(ctx context.Context, drvPaths []string, check bool) ([]*builder.Result, error) {
	if lb.node != "" {
		return lb.buildThroughNode(ctx, drvPaths)
	}
	s := lb.settings
	res, err := lb.db.BuildClosure(ctx, drvPaths, builder.ClosureOptions{
		Jobs: s.Jobs, KeepGoing: s.KeepGoing, Check: check,
		Planned: func(p []string) {
			if s.DescribeBuilds && len(p) > 0 {
				lb.progress.printf("%s", describeBuilds(p))
			}
			lb.progress.plan(len(p))
		},
	})
	lb.logs.close()
	return res, err
}

// failedBuild states f, the failure of drv, in Nix's words: a builder
// failure is followed by the last n lines of its log and where to find
// all of it.
func (lb *Session) failedBuild(drv string, f error, n int) string {
	msg := f.Error()
	var be *builder.Error
	if drv == "" || !errors.As(f, &be) {
		return msg
	}
	if tail := lb.logs.tail(drv, n); len(tail) > 0 {
		msg += fmt.Sprintf(";\n       last %d log lines:\n", len(tail))
		for _, l := range tail {
			msg += "       > " + l + "\n"
		}
		msg += fmt.Sprintf("       For full logs, run 'tvix log %s'.", drv)
	}
	return msg
}

// describeBuilds is nix-build's list of what it is about to build.
func describeBuilds(drvs []string) string {
	var b strings.Builder
	if len(drvs) == 1 {
		b.WriteString("this derivation will be built:\n")
	} else {
		fmt.Fprintf(&b, "these %d derivations will be built:\n", len(drvs))
	}
	for _, p := range drvs {
		fmt.Fprintf(&b, "  %s\n", p)
	}
	return b.String()
}

// failure turns a failed BuildClosure into the error tvix prints after
// "error: ": each failed build in Nix's words, builder failures followed
// by the last lines of their log and where to find all of it. Other
// errors pass unchanged.
func (lb *Session) failure(err error) error {
	var ce *builder.ClosureError
	if !errors.As(err, &ce) {
		return err
	}
	n := lb.settings.LogTailLines
	if n == 0 {
		n = 10
	}
	var msgs []string
	for i, f := range ce.Failed {
		drv := ""
		if i < len(ce.FailedDrvs) {
			drv = ce.FailedDrvs[i]
		}
		msgs = append(msgs, lb.failedBuild(drv, f, n))
	}
	if len(ce.Skipped) > 0 {
		msgs = append(msgs, fmt.Sprintf("%d dependent derivations were not built", len(ce.Skipped)))
	}
	return errors.New(strings.Join(msgs, "\nerror: "))
}
