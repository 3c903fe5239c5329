package oci_test

import (
	"context"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/p2pnix/tvix/builder"
	"github.com/p2pnix/tvix/builder/buildprof"
	"github.com/p2pnix/tvix/internal/nixtest"
	"github.com/p2pnix/tvix/proto/castorev1"
)

// underHelper is set in the environment of the test binary that
// TestSuiteThroughHelper starts, so that it does not start another.
const underHelper = "TVIX_OCI_TEST_UNDER_HELPER"

// TestSuiteThroughHelper builds cmd/tvix-sandbox (linked statically, as
// make build does) and runs this package's
// build tests again with every container created by it ($TVIX_SANDBOX),
// as tvix does when the helper is installed next to it.
func TestSuiteThroughHelper(t *testing.T) {
	nixtest.RequireRoot(t)
	if os.Getenv(underHelper) != "" {
		t.Skip("already running under the helper")
	}
	goTool := filepath.Join(runtime.GOROOT(), "bin", "go")
	if _, err := os.Stat(goTool); err != nil {
		nixtest.Unavailable(t, "no go tool to build cmd/tvix-sandbox: %v", err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	helper := filepath.Join(t.TempDir(), "tvix-sandbox")
	if out, err := exec.CommandContext(ctx, goTool, "build", "-tags", "osusergo,netgo", "-ldflags=-extldflags=-static", "-o", helper, "../../cmd/tvix-sandbox").CombinedOutput(); err != nil {
		t.Fatalf("building the helper: %v\n%s", err, out)
	}
	cmd := exec.CommandContext(ctx, os.Args[0], "-test.run", "^(TestBuild|TestInputs|TestHelper)", "-test.count", "1", "-test.v")
	// Profiled, so that its figures travel too.
	cmd.Env = append(os.Environ(), "TVIX_SANDBOX="+helper, underHelper+"=1", buildprof.Env+"=1")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("tests through the helper: %v\n%s", err, out)
	}
	if !strings.Contains(string(out), "--- PASS: TestHelperStarted") || !strings.Contains(string(out), "--- PASS: TestHelperTrimsCgroups") ||
		!strings.Contains(string(out), "--- PASS: TestHelperClose") || !strings.Contains(string(out), "--- PASS: TestHelperProfile") {
		t.Errorf("the builds did not go through the helper:\n%s", out)
	}
	if n := strings.Count(string(out), "--- PASS"); n < 8 {
		t.Errorf("only %d tests passed through the helper:\n%s", n, out)
	}
}

// builtUnderHelper skips t unless it runs under TestSuiteThroughHelper;
// otherwise it returns the helper's path and a builder that has run one
// build.
func builtUnderHelper(t *testing.T) (string, builder.Builder, *castorev1.Node) {
	helper := os.Getenv("TVIX_SANDBOX")
	if os.Getenv(underHelper) == "" || helper == "" {
		t.Skip("only under TestSuiteThroughHelper")
	}
	b, _, bb := newTestBuilder(t)
	if _, err := b.Build(context.Background(), shRequest(bb, "touch $out"), nil); err != nil {
		t.Fatal(err)
	}
	return helper, b, bb
}

// TestHelperStarted checks, under TestSuiteThroughHelper, that a build
// leaves the helper running: the builds went through it.
func TestHelperStarted(t *testing.T) {
	helper, _, _ := builtUnderHelper(t)
	if len(hostProcessesWith(t, helper)) == 0 {
		t.Errorf("no %s process after a build", helper)
	}
}

// TestHelperTrimsCgroups checks, under TestSuiteThroughHelper, that on a
// cgroup v1 host a build joins the pids hierarchy (its limits apply) but
// not the cpu one, which the helper hides.
func TestHelperTrimsCgroups(t *testing.T) {
	if os.Getenv(underHelper) == "" {
		t.Skip("only under TestSuiteThroughHelper")
	}
	b, st, bb := newTestBuilder(t)
	res, err := b.Build(context.Background(), shRequest(bb, "cat /proc/self/cgroup > $out"), nil)
	if err != nil {
		t.Fatal(err)
	}
	var pids, cpu string
	for _, line := range strings.Split(readOutput(t, st, res.Outputs[0]), "\n") {
		if f := strings.SplitN(line, ":", 3); len(f) == 3 {
			for _, c := range strings.Split(f[1], ",") {
				switch c {
				case "pids":
					pids = f[2]
				case "cpu":
					cpu = f[2]
				}
			}
		}
	}
	if pids == "" || cpu == "" {
		t.Skipf("not a cgroup v1 host with pids and cpu hierarchies:\n%s", readOutput(t, st, res.Outputs[0]))
	}
	if !strings.Contains(pids, "tvix-build") || strings.Contains(cpu, "tvix-build") {
		t.Errorf("build's pids cgroup %q (want tvix-build/...), cpu cgroup %q (want the helper's)", pids, cpu)
	}
}

// TestHelperClose checks, under TestSuiteThroughHelper, that Close reaps
// the builder's helper and that the builder starts another when used
// again.
func TestHelperClose(t *testing.T) {
	helper, b, bb := builtUnderHelper(t)
	before := len(hostProcessesWith(t, helper))
	if err := b.(io.Closer).Close(); err != nil {
		t.Fatal(err)
	}
	if after := len(hostProcessesWith(t, helper)); after != before-1 {
		t.Errorf("%d helper processes before Close, %d after", before, after)
	}
	if _, err := b.Build(context.Background(), shRequest(bb, "touch $out"), nil); err != nil {
		t.Fatalf("build after Close: %v", err)
	}
	b.(io.Closer).Close()
}

// TestHelperProfile checks, under TestSuiteThroughHelper (which turns
// build profiling on), that the helper reports its containers' CPU time
// and, when it exits, its own and its children's totals.
func TestHelperProfile(t *testing.T) {
	_, b, _ := builtUnderHelper(t)
	if !buildprof.On {
		t.Fatal("profiling is off under TestSuiteThroughHelper")
	}
	if err := b.(io.Closer).Close(); err != nil {
		t.Fatal(err)
	}
	var out strings.Builder
	buildprof.Report(&out, 1)
	// calls, wall ms, then a CPU time above zero
	const used = ` +\d+ +[0-9.]+ +(?:[1-9]|0\.0*[1-9])`
	for _, want := range []string{
		buildprof.Helper + " +create and start container" + used,
		buildprof.Containers + " +runc init until the command runs" + used,
		buildprof.Containers + " +builder command" + used,
		buildprof.Helper + " +total",
		buildprof.Containers + " +total",
	} {
		if !regexp.MustCompile(want).MatchString(out.String()) {
			t.Errorf("no line matching %q in the profile:\n%s", want, out.String())
		}
	}
}
