package main

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

	"github.com/spf13/pflag"

	"github.com/p2pnix/tvix/builder"
	"github.com/p2pnix/tvix/builder/oci"
	"github.com/p2pnix/tvix/internal/tvixhome"
	"github.com/p2pnix/tvix/store"
	"github.com/p2pnix/tvix/store/nixpath"
	"github.com/p2pnix/tvix/store/nixsig"
)

// The OCI builder re-executes this binary as each container's init; that
// must happen before anything else runs.
func init() { oci.MaybeInit() }

// buildSettings are the build flags tvix build and tvix build-drv share.
type buildSettings struct {
	jobs, cores                 int
	keepGoing, keepFailed       bool
	check, quiet                bool
	timeout, maxSilent          time.Duration
	logTailLines                int // shown on failure; 0 means 10
	progress, describeBuildsRun bool
	local                       bool // build here even with a node (--local)
}

func defaultBuildSettings() buildSettings {
	return buildSettings{jobs: 1, cores: runtime.NumCPU()}
}

// addFlags registers the settings as pflag flags (tvix build-drv).
func (s *buildSettings) addFlags(f *pflag.FlagSet) {
	f.IntVarP(&s.jobs, "max-jobs", "j", s.jobs, "builds to run at once")
	f.IntVar(&s.cores, "cores", s.cores, "NIX_BUILD_CORES for each build")
	f.BoolVarP(&s.keepGoing, "keep-going", "k", false, "keep building what does not depend on a failed build")
	f.BoolVarP(&s.keepFailed, "keep-failed", "K", false, "keep the sandbox of a failed build")
	f.DurationVar(&s.timeout, "timeout", 0, "kill a build that runs longer (0: no limit)")
	f.DurationVar(&s.maxSilent, "max-silent-time", 0, "kill a build silent for longer (0: no limit)")
	f.BoolVarP(&s.quiet, "quiet", "Q", false, "do not show build logs")
	f.BoolVar(&s.check, "check", false, "rebuild the given derivations and fail if an output differs from the stored one")
}

// localBuilder is what building on this machine needs: the store, the
// OCI sandbox behind a DrvBuilder, the kept build logs and the progress
// line.
type localBuilder struct {
	st       *store.Store
	dir      nixpath.StoreDir
	settings buildSettings
	db       *builder.DrvBuilder
	sandbox  builder.Builder
	logs     *logFiles
	progress *progressLine
	// node, when set, builds instead (build_node.go); where records what
	// it reported per derivation.
	node  string
	where map[string]nodeResult
}

// newLocalBuilder wires a DrvBuilder over st whose builds run in OCI
// sandboxes under $TVIX_HOME/builder, sign outputs with the machine's key
// ($TVIX_HOME/secret-key) when there is one, and keep their logs in
// $TVIX_HOME/log. Build logs go to stderr unless settings.quiet.
func newLocalBuilder(st *store.Store, s buildSettings, stderr io.Writer) (*localBuilder, error) {
	dir := nixpath.DefaultStoreDir
	b, err := oci.New(oci.Options{Dir: tvixhome.Default().Builder(), Blobs: st.Blobs, Directories: st.Directories, KeepFailed: s.keepFailed})
	if err != nil {
		return nil, err
	}
	var key *nixsig.SecretKey
	if data, err := os.ReadFile(defaultKeyFile()); err == nil {
		sk, err := nixsig.ParseSecretKey(string(data))
		if err != nil {
			return nil, fmt.Errorf("%s: %w", defaultKeyFile(), err)
		}
		key = &sk
	} else if !errors.Is(err, fs.ErrNotExist) {
		return nil, err
	}
	lb := &localBuilder{st: st, dir: dir, settings: s, sandbox: b,
		logs:     &logFiles{dir: tvixhome.Default().Logs(), files: map[string]*os.File{}},
		progress: newProgressLine(stderr, s.progress)}
	lb.db, err = builder.NewDrvBuilder(builder.DrvBuilderOptions{
		Store: st, StoreDir: dir, Builder: b, SigningKey: key,
		Request: builder.RequestOptions{Cores: s.cores, Timeout: s.timeout, MaxSilent: s.maxSilent},
		Log: func(drvPath string) io.Writer {
			w := lb.logs.open(drvPath)
			if s.quiet {
				return w
			}
			return io.MultiWriter(w, lb.progress)
		},
		Progress: func(e builder.Event) {
			lb.progress.event(e)
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

// close stops the sandbox helper process, if one runs, after killing its
// builds.
func (lb *localBuilder) close() error {
	if c, ok := lb.sandbox.(io.Closer); ok {
		return c.Close()
	}
	return nil
}

// buildClosure builds drvPaths and what they need (see
// builder.DrvBuilder.BuildClosure); check applies --check to drvPaths.
func (lb *localBuilder) buildClosure(ctx context.Context, drvPaths []string, check bool) ([]*builder.Result, error) {
	if lb.node != "" {
		return lb.buildThroughNode(ctx, drvPaths)
	}
	s := lb.settings
	res, err := lb.db.BuildClosure(ctx, drvPaths, builder.ClosureOptions{
		Jobs: s.jobs, KeepGoing: s.keepGoing, Check: check,
		Planned: func(p []string) {
			if s.describeBuildsRun && len(p) > 0 {
				lb.progress.printf("%s", describeBuilds(p))
			}
			lb.progress.plan(len(p))
		},
	})
	lb.logs.close()
	return res, err
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

// failure turns a failed BuildClosure into the error main prints after
// "error: ": each failed build in Nix's words, builder failures followed
// by the last lines of their log and where to find all of it.
func (lb *localBuilder) failure(err error) error {
	var ce *builder.ClosureError
	if !errors.As(err, &ce) {
		return err
	}
	n := lb.settings.logTailLines
	if n == 0 {
		n = 10
	}
	var msgs []string
	for i, f := range ce.Failed {
		msg := f.Error()
		var be *builder.Error
		if errors.As(f, &be) && i < len(ce.FailedDrvs) {
			drv := ce.FailedDrvs[i]
			if tail := lb.logs.tail(drv, n); len(tail) > 0 {
				msg += fmt.Sprintf(";\n       last %d log lines:\n", len(tail))
				for _, l := range tail {
					msg += "       > " + l + "\n"
				}
				msg += fmt.Sprintf("       For full logs, run 'tvix log %s'.", drv)
			}
		}
		msgs = append(msgs, msg)
	}
	if len(ce.Skipped) > 0 {
		msgs = append(msgs, fmt.Sprintf("%d dependent derivations were not built", len(ce.Skipped)))
	}
	return &exitStatusError{err: errors.New(strings.Join(msgs, "\nerror: ")), code: 1}
}
