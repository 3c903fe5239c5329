package oci_test

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/p2pnix/tvix/builder"
	"github.com/p2pnix/tvix/builder/oci"
	"github.com/p2pnix/tvix/internal/nixtest"
	"github.com/p2pnix/tvix/proto/buildv1"
	"github.com/p2pnix/tvix/proto/castorev1"
	"github.com/p2pnix/tvix/store"
	"github.com/p2pnix/tvix/store/nar"
)

func TestMain(m *testing.M) {
	oci.MaybeInit()
	os.Exit(m.Run())
}

const busyboxBase = "00000000000000000000000000000000-busybox"

// newTestBuilder returns an OCI builder over a memory store that holds a
// directory input named busyboxBase with the host's static busybox.
func newTestBuilder(t testing.TB) (builder.Builder, *store.Store, *castorev1.Node) {
	t.Helper()
	nixtest.RequireRoot(t)
	bb, err := os.ReadFile("/bin/busybox")
	if err != nil {
		nixtest.Unavailable(t, "no /bin/busybox (make deps installs busybox-static): %v", err)
	}
	st := store.NewMemoryStore()
	src := filepath.Join(t.TempDir(), busyboxBase)
	if err := os.Mkdir(src, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(src, "busybox"), bb, 0o755); err != nil {
		t.Fatal(err)
	}
	node, _, _, err := nar.ImportTree(context.Background(), st.Blobs, st.Directories, src)
	if err != nil {
		t.Fatal(err)
	}
	b, err := oci.New(oci.Options{Dir: t.TempDir(), Blobs: st.Blobs, Directories: st.Directories})
	if err != nil {
		t.Fatal(err)
	}
	return b, st, node
}

// shRequest runs script with busybox sh and expects output "out".
func shRequest(bb *castorev1.Node, script string, env ...string) *buildv1.BuildRequest {
	req := &buildv1.BuildRequest{
		Inputs:       []*castorev1.Node{bb},
		CommandArgs:  []string{"/nix/store/" + busyboxBase + "/busybox", "sh", "-c", script},
		WorkingDir:   "build",
		ScratchPaths: []string{"build", "nix/store"},
		InputsDir:    "nix/store",
		Outputs:      []string{"nix/store/11111111111111111111111111111111-out"},
		Constraints:  &buildv1.BuildRequest_BuildConstraints{System: "x86_64-linux"},
	}
	env = append(env, "PATH=/nix/store/"+busyboxBase, "out=/nix/store/11111111111111111111111111111111-out")
	for _, kv := range sortStrings(env) {
		k, v, _ := strings.Cut(kv, "=")
		req.EnvironmentVars = append(req.EnvironmentVars, &buildv1.BuildRequest_EnvVar{Key: k, Value: []byte(v)})
	}
	return req
}

func sortStrings(s []string) []string {
	out := append([]string(nil), s...)
	for i := range out {
		for j := i + 1; j < len(out); j++ {
			if out[j] < out[i] {
				out[i], out[j] = out[j], out[i]
			}
		}
	}
	return out
}

func readOutput(t *testing.T, st *store.Store, n *castorev1.Node) string {
	t.Helper()
	f := n.GetFile()
	if f == nil {
		t.Fatalf("output is not a file: %v", n)
	}
	d, _ := store.DigestFromBytes(f.Digest)
	r, err := st.Blobs.Open(context.Background(), d)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	var b bytes.Buffer
	b.ReadFrom(r)
	return b.String()
}

func TestBuildRunsCommandInSandbox(t *testing.T) {
	b, st, bb := newTestBuilder(t)
	var log bytes.Buffer
	res, err := b.Build(context.Background(), shRequest(bb, "echo hello from $(id -u):$(id -g) on $(hostname); echo to-log >&2; ls / > $out; echo $(pwd) >> $out"), &log)
	if err != nil {
		t.Fatalf("build: %v\nlog:\n%s", err, log.String())
	}
	if got := log.String(); !strings.Contains(got, "hello from 1000:100 on localhost") || !strings.Contains(got, "to-log") {
		t.Errorf("log = %q", got)
	}
	if got, want := readOutput(t, st, res.Outputs[0]), "build\ndev\netc\nnix\nproc\ntmp\n/build\n"; got != want {
		t.Errorf("output = %q, want %q", got, want)
	}
}

func TestBuildFailureReportsExitCode(t *testing.T) {
	b, _, bb := newTestBuilder(t)
	_, err := b.Build(context.Background(), shRequest(bb, "echo failing; exit 3"), nil)
	var be *builder.Error
	if !errors.As(err, &be) || be.Reason != builder.ExitStatus || be.ExitCode != 3 {
		t.Fatalf("err = %v, want exit code 3", err)
	}
}

func TestBuildMissingOutput(t *testing.T) {
	b, _, bb := newTestBuilder(t)
	_, err := b.Build(context.Background(), shRequest(bb, "true"), nil)
	var be *builder.Error
	if !errors.As(err, &be) || be.Reason != builder.MissingOutput {
		t.Fatalf("err = %v, want missing output", err)
	}
}

func TestBuildTimeoutAndSilenceKill(t *testing.T) {
	b, _, bb := newTestBuilder(t)
	for _, tc := range []struct {
		limits *buildv1.BuildRequest_Limits
		want   builder.Reason
	}{
		{&buildv1.BuildRequest_Limits{TimeoutSeconds: 1}, builder.Timeout},
		{&buildv1.BuildRequest_Limits{MaxSilentSeconds: 1}, builder.Silent},
	} {
		req := shRequest(bb, "sleep 1000 & sleep 1000; touch $out")
		req.Limits = tc.limits
		_, err := b.Build(context.Background(), req, nil)
		var be *builder.Error
		if !errors.As(err, &be) || be.Reason != tc.want {
			t.Errorf("limits %v: err = %v, want reason %d", tc.limits, err, tc.want)
		}
	}
}

func TestBuildCancelKillsEverything(t *testing.T) {
	b, _, bb := newTestBuilder(t)
	ctx, cancel := context.WithCancel(context.Background())
	go func() {
		// Cancel once the build's processes run.
		for deadline := time.Now().Add(time.Minute); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
			if len(hostCommands(t, "sleep", "4324")) == 2 {
				break
			}
		}
		cancel()
	}()
	_, err := b.Build(ctx, shRequest(bb, "sleep 4324 & sleep 4324"), nil)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
}

func TestBuildHasOnlyLoopback(t *testing.T) {
	b, st, bb := newTestBuilder(t)
	res, err := b.Build(context.Background(), shRequest(bb, "ls /sys/class/net 2>/dev/null > $out || ip -o link | cut -d: -f2 > $out"), nil)
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.TrimSpace(readOutput(t, st, res.Outputs[0])); got != "lo" {
		t.Errorf("interfaces = %q, want lo", got)
	}
}

// hostProcessesWith lists host processes whose command line contains s.
func hostProcessesWith(t *testing.T, s string) []string {
	t.Helper()
	var found []string
	dirs, _ := filepath.Glob("/proc/[0-9]*")
	for _, d := range dirs {
		b, err := os.ReadFile(filepath.Join(d, "cmdline"))
		if err == nil && strings.Contains(strings.ReplaceAll(string(b), "\x00", " "), s) {
			found = append(found, filepath.Base(d))
		}
	}
	return found
}

// hostCommands lists host processes whose argument vector is exactly argv.
// Unlike a substring match it does not count the shell whose script names
// the command, nor a forked shell that has not yet executed it.
func hostCommands(t *testing.T, argv ...string) []string {
	t.Helper()
	want := strings.Join(argv, "\x00") + "\x00"
	var found []string
	dirs, _ := filepath.Glob("/proc/[0-9]*")
	for _, d := range dirs {
		if b, err := os.ReadFile(filepath.Join(d, "cmdline")); err == nil && string(b) == want {
			found = append(found, filepath.Base(d))
		}
	}
	return found
}

func TestBuildLeavesNoProcesses(t *testing.T) {
	b, _, bb := newTestBuilder(t)
	// Background processes that outlive the builder's main process.
	if _, err := b.Build(context.Background(), shRequest(bb, "sleep 4321 & sleep 4321 & touch $out"), nil); err != nil {
		t.Fatal(err)
	}
	if left := hostCommands(t, "sleep", "4321"); len(left) > 0 {
		t.Errorf("processes left after a successful build: %v", left)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		_, err := b.Build(ctx, shRequest(bb, "sleep 4322 & sleep 4322"), nil)
		done <- err
	}()
	for i := 0; i < 200 && len(hostCommands(t, "sleep", "4322")) < 2; i++ {
		time.Sleep(20 * time.Millisecond)
	}
	if n := len(hostCommands(t, "sleep", "4322")); n < 2 {
		t.Fatalf("build did not start its processes (%d found)", n)
	}
	cancel()
	if err := <-done; !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
	if left := hostCommands(t, "sleep", "4322"); len(left) > 0 {
		t.Errorf("processes left after cancelling: %v", left)
	}
}

func TestBuildCgroupLimits(t *testing.T) {
	b, _, bb := newTestBuilder(t)
	// Fifty processes at once, under a limit of ten: forks fail.
	req := shRequest(bb, "for i in $(seq 50); do sleep 5 & done; wait; touch $out")
	req.Limits = &buildv1.BuildRequest_Limits{MaxPids: 10}
	var log bytes.Buffer
	if _, err := b.Build(context.Background(), req, &log); !errors.Is(err, builder.ErrBuildFailed) || !strings.Contains(log.String(), "fork") {
		t.Errorf("50 processes under a limit of 10: err = %v, log:\n%s", err, log.String())
	}
	// A shell variable of 64 MB under a 16 MB memory limit.
	req = shRequest(bb, "x=$(head -c 64000000 /dev/zero | tr '\\0' a); echo ${#x}; touch $out")
	req.Constraints.MinMemory = 16 << 20
	if _, err := b.Build(context.Background(), req, nil); !errors.Is(err, builder.ErrBuildFailed) {
		t.Errorf("64 MB under a 16 MB limit: err = %v", err)
	}
	// The same builds without limits succeed.
	req = shRequest(bb, "for i in $(seq 50); do sleep 0.1 & done; wait; x=$(head -c 64000000 /dev/zero | tr '\\0' a); touch $out")
	if _, err := b.Build(context.Background(), req, nil); err != nil {
		t.Errorf("without limits: %v", err)
	}
}

func TestInputsMaterialisedOnceAndReadOnly(t *testing.T) {
	nixtest.RequireRoot(t)
	_, st, bb := newTestBuilder(t)
	dir := t.TempDir()
	b, err := oci.New(oci.Options{Dir: dir, Blobs: st.Blobs, Directories: st.Directories})
	if err != nil {
		t.Fatal(err)
	}
	var inode uint64
	for i := 0; i < 3; i++ {
		var log bytes.Buffer
		res, err := b.Build(context.Background(), shRequest(bb, "touch $PATH/x 2>/dev/null && echo writable >&2; echo $(ls $PATH) > $out"), &log)
		if err != nil {
			t.Fatal(err)
		}
		if strings.Contains(log.String(), "writable") {
			t.Errorf("build %d could write into an input", i)
		}
		if got := readOutput(t, st, res.Outputs[0]); got != "busybox\n" {
			t.Errorf("build %d saw input listing %q", i, got)
		}
		entries, _ := filepath.Glob(filepath.Join(dir, "inputs", "*", busyboxBase))
		if len(entries) != 1 {
			t.Fatalf("after build %d the input cache holds %v", i, entries)
		}
		fi, err := os.Stat(filepath.Join(entries[0], "busybox"))
		if err != nil {
			t.Fatal(err)
		}
		ino := fi.Sys().(*syscall.Stat_t).Ino
		if i > 0 && ino != inode {
			t.Errorf("build %d re-extracted the input", i)
		}
		inode = ino
	}
}

func TestBuildKilledBySignal(t *testing.T) {
	b, _, bb := newTestBuilder(t)
	// The builder is its PID namespace's init, which ignores signals
	// sent from inside; the OOM killer of its memory cgroup does not.
	req := shRequest(bb, "x=$(head -c 64000000 /dev/zero | tr '\\0' a); y=\"$x$x\"")
	req.Constraints.MinMemory = 16 << 20
	_, err := b.Build(context.Background(), req, nil)
	var be *builder.Error
	if !errors.As(err, &be) || be.Reason != builder.ExitStatus || be.Message != "failed due to signal 9 (Killed)" {
		t.Fatalf("err = %v", err)
	}
}

// TestSmallFileInputReadOnly: a small file input (copied into the
// sandbox, not bind-mounted) is there with the store's mode, owner and
// mtime, and the build can neither change nor remove it.
func TestSmallFileInputReadOnly(t *testing.T) {
	b, st, bb := newTestBuilder(t)
	content := []byte("hello\n")
	d, _, err := st.Blobs.Put(context.Background(), bytes.NewReader(content))
	if err != nil {
		t.Fatal(err)
	}
	const name = "22222222222222222222222222222222-data"
	req := shRequest(bb, "in=/nix/store/"+name+"; cat $in > $out; stat -c '%a %u %Y' $in >> $out; "+
		"echo x >> $in; rm -f $in; chmod 777 $in; mv $in /nix/store/moved; stat -c '%a' $in >> $out; cat $in >> $out")
	req.Inputs = append(req.Inputs, &castorev1.Node{Node: &castorev1.Node_File{File: &castorev1.FileNode{
		Name: []byte(name), Digest: d[:], Size: uint64(len(content))}}})
	var log bytes.Buffer
	res, err := b.Build(context.Background(), req, &log)
	if err != nil {
		t.Fatalf("build: %v\n%s", err, log.String())
	}
	if got, want := readOutput(t, st, res.Outputs[0]), "hello\n444 0 1\n444\nhello\n"; got != want {
		t.Errorf("output = %q, want %q\nlog:\n%s", got, want, log.String())
	}
}

// TestSandboxDirModes: /tmp and the store directory are sticky, as in
// Nix's sandbox (stat there prints 1777, 1775 and 700), so a build
// cannot remove or rename what it did not create.
func TestSandboxDirModes(t *testing.T) {
	b, st, bb := newTestBuilder(t)
	res, err := b.Build(context.Background(), shRequest(bb, "stat -c %a /tmp /nix/store /build > $out"), nil)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := readOutput(t, st, res.Outputs[0]), "1777\n1775\n700\n"; got != want {
		t.Errorf("modes = %q, want %q", got, want)
	}
}

// TestSandboxDev: /dev holds what Nix's sandbox /dev holds (kvm where
// the host has it), and the build can use null and zero but not change
// /dev.
func TestSandboxDev(t *testing.T) {
	b, st, bb := newTestBuilder(t)
	res, err := b.Build(context.Background(), shRequest(bb, "ls /dev > $out; echo x > /dev/null; head -c 3 /dev/zero | wc -c >> $out; touch /dev/x 2>/dev/null && echo writable >> $out; true"), nil)
	if err != nil {
		t.Fatal(err)
	}
	want := "fd\nfull\n"
	if _, err := os.Stat("/dev/kvm"); err == nil {
		want += "kvm\n"
	}
	want += "null\nptmx\npts\nrandom\nshm\nstderr\nstdin\nstdout\ntty\nurandom\nzero\n3\n"
	if got := readOutput(t, st, res.Outputs[0]); got != want {
		t.Errorf("/dev = %q, want %q", got, want)
	}
}
