package main

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/p2pnix/tvix/builder"
	"github.com/p2pnix/tvix/builder/oci"
	"github.com/p2pnix/tvix/store/nixpath"
	"github.com/p2pnix/tvix/store/nixsig"
	"github.com/p2pnix/tvix/store/storeurl"
	"github.com/spf13/cobra"
)

// The OCI builder re-executes this binary as each container's init; that
// must happen before anything else runs.
func init() { oci.MaybeInit() }

var buildDrvFlags struct {
	jobs       int
	cores      int
	keepGoing  bool
	keepFail   bool
	timeout    time.Duration
	silent     time.Duration
	quiet      bool
	importOnly bool
	check      bool
}

var buildDrvCmd = &cobra.Command{
	Use:    "build-drv DRVPATH...",
	Short:  "Build .drv files from the local Nix store (/nix/store) and their dependencies in OCI sandboxes; print the output paths",
	Hidden: true,
	Args:   cobra.MinimumNArgs(1),
	RunE:   runBuildDrv,
}

func init() {
	f := buildDrvCmd.Flags()
	f.IntVarP(&buildDrvFlags.jobs, "max-jobs", "j", 1, "builds to run at once")
	f.IntVar(&buildDrvFlags.cores, "cores", runtime.NumCPU(), "NIX_BUILD_CORES for each build")
	f.BoolVarP(&buildDrvFlags.keepGoing, "keep-going", "k", false, "keep building what does not depend on a failed build")
	f.BoolVarP(&buildDrvFlags.keepFail, "keep-failed", "K", false, "keep the sandbox of a failed build")
	f.DurationVar(&buildDrvFlags.timeout, "timeout", 0, "kill a build that runs longer (0: no limit)")
	f.DurationVar(&buildDrvFlags.silent, "max-silent-time", 0, "kill a build silent for longer (0: no limit)")
	f.BoolVarP(&buildDrvFlags.quiet, "quiet", "Q", false, "do not show build logs")
	f.BoolVar(&buildDrvFlags.check, "check", false, "rebuild the given derivations and fail if an output differs from the stored one")
	f.BoolVar(&buildDrvFlags.importOnly, "import-only", false, "only copy the .drv closures into the store (what nix-instantiate did for Nix), build nothing")
	rootCmd.AddCommand(buildDrvCmd)
}

func runBuildDrv(cmd *cobra.Command, args []string) error {
	ctx := cmd.Context()
	dir := nixpath.DefaultStoreDir
	st, err := openStore(ctx)
	if err != nil {
		return err
	}
	defer func() {
		if st.Close != nil {
			st.Close()
		}
	}()
	if err := builder.ImportDerivations(ctx, st, dir, args); err != nil {
		return fmt.Errorf("build-drv: %w", err)
	}
	if buildDrvFlags.importOnly {
		return nil
	}
	b, err := oci.New(oci.Options{Dir: filepath.Join(storeurl.Home(), "builder"), Blobs: st.Blobs, Directories: st.Directories, KeepFailed: buildDrvFlags.keepFail})
	if err != nil {
		return err
	}
	var key *nixsig.SecretKey
	if data, err := os.ReadFile(defaultKeyFile()); err == nil {
		sk, err := nixsig.ParseSecretKey(string(data))
		if err != nil {
			return fmt.Errorf("build-drv: %s: %w", defaultKeyFile(), err)
		}
		key = &sk
	} else if !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	stderr := cmd.ErrOrStderr()
	buildLogs := &logFiles{dir: filepath.Join(storeurl.Home(), "log"), files: map[string]*os.File{}}
	defer buildLogs.close()
	var logMu sync.Mutex
	db, err := builder.NewDrvBuilder(builder.DrvBuilderOptions{
		Store: st, StoreDir: dir, Builder: b, SigningKey: key,
		Request: builder.RequestOptions{Cores: buildDrvFlags.cores, Timeout: buildDrvFlags.timeout, MaxSilent: buildDrvFlags.silent},
		Log: func(drvPath string) io.Writer {
			w := buildLogs.open(drvPath)
			if buildDrvFlags.quiet {
				return w
			}
			return io.MultiWriter(w, lockedWriter{&logMu, stderr})
		},
		Progress: func(e builder.Event) {
			if e.Started {
				logMu.Lock()
				fmt.Fprintf(stderr, "building '%s'...\n", e.DrvPath)
				logMu.Unlock()
			}
		},
	})
	if err != nil {
		return err
	}
	results, err := db.BuildClosure(ctx, args, builder.ClosureOptions{Jobs: buildDrvFlags.jobs, KeepGoing: buildDrvFlags.keepGoing, Check: buildDrvFlags.check})
	if err != nil {
		var ce *builder.ClosureError
		if buildDrvFlags.quiet && errors.As(err, &ce) {
			buildLogs.close()
			for _, f := range ce.Failed {
				buildLogs.printTail(stderr, f, 10)
			}
		}
		return err
	}
	byDrv := map[string]*builder.Result{}
	for _, r := range results {
		byDrv[r.DrvPath] = r
	}
	out := bufio.NewWriter(cmd.OutOrStdout())
	defer out.Flush()
	for _, a := range args {
		r := byDrv[a]
		names := make([]string, 0, len(r.Outputs))
		for n := range r.Outputs {
			names = append(names, n)
		}
		sort.Strings(names)
		for _, n := range names {
			fmt.Fprintln(out, r.Outputs[n])
		}
	}
	return nil
}

// lockedWriter serialises writes of concurrent builds' logs.
type lockedWriter struct {
	mu *sync.Mutex
	w  io.Writer
}

func (l lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}

// logFiles keeps each build's log in dir/<drv base name>, for `tvix log`
// and for showing the end of a failed build's log.
type logFiles struct {
	dir   string
	mu    sync.Mutex
	files map[string]*os.File
}

func (l *logFiles) path(drvPath string) string { return filepath.Join(l.dir, filepath.Base(drvPath)) }

func (l *logFiles) open(drvPath string) io.Writer {
	l.mu.Lock()
	defer l.mu.Unlock()
	if err := os.MkdirAll(l.dir, 0o755); err != nil {
		return io.Discard
	}
	f, err := os.Create(l.path(drvPath))
	if err != nil {
		return io.Discard
	}
	l.files[drvPath] = f
	return f
}

func (l *logFiles) close() {
	l.mu.Lock()
	defer l.mu.Unlock()
	for p, f := range l.files {
		f.Close()
		delete(l.files, p)
	}
}

// printTail prints the last n lines of the log of the build that failed
// with err, when err names its derivation.
func (l *logFiles) printTail(w io.Writer, err error, n int) {
	msg := err.Error()
	i := strings.Index(msg, "'")
	j := strings.Index(msg, ".drv'")
	if i < 0 || j < i {
		return
	}
	drvPath := msg[i+1 : j+4]
	data, rerr := os.ReadFile(l.path(drvPath))
	if rerr != nil || len(data) == 0 {
		return
	}
	lines := strings.Split(strings.TrimSuffix(string(data), "\n"), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	fmt.Fprintf(w, "last %d log lines of %s:\n", len(lines), drvPath)
	for _, line := range lines {
		fmt.Fprintf(w, "> %s\n", line)
	}
}
