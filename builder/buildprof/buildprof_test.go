package buildprof

import (
	"bytes"
	"regexp"
	"strconv"
	"testing"
	"time"
)

// burn uses the CPU until the calling thread has used d of it.
func burn(d time.Duration) {
	start := ThreadCPU()
	x := 0
	for ThreadCPU()-start < d {
		for i := 0; i < 1000; i++ {
			x += i
		}
	}
	_ = x
}

// cpuOf is the cpu ms column of the report's line for group and phase.
func cpuOf(t *testing.T, report, group, phase string) float64 {
	t.Helper()
	re := regexp.MustCompile(`(?m)^build profile: ` + regexp.QuoteMeta(group) + ` +` + regexp.QuoteMeta(phase) + ` .*?([0-9.]+) +[0-9.]+$`)
	m := re.FindStringSubmatch(report)
	if m == nil {
		t.Fatalf("no line for %s %q in\n%s", group, phase, report)
	}
	v, err := strconv.ParseFloat(m[1], 64)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func TestReport(t *testing.T) {
	On = true
	defer func() { On = false; phases = nil; totals = map[string]time.Duration{} }()
	for range 2 {
		sp := Begin("work")
		burn(20 * time.Millisecond)
		sp.Next("more work")
		burn(10 * time.Millisecond)
		sp.End()
	}
	Add(Helper, "start", time.Millisecond, 30*time.Millisecond)
	SetTotal(Helper, 50*time.Millisecond)
	var b bytes.Buffer
	Report(&b, 2)
	out := b.String()
	if got := cpuOf(t, out, Tvix, "work"); got < 40 || got > 60 {
		t.Errorf("work took %.1f ms of CPU, burnt 40", got)
	}
	if got := cpuOf(t, out, Tvix, "more work"); got < 20 || got > 40 {
		t.Errorf("more work took %.1f ms of CPU, burnt 20", got)
	}
	if got := cpuOf(t, out, Helper, "unattributed"); got != 20 {
		t.Errorf("helper unattributed %.1f ms, want 50-30", got)
	}
	if got := cpuOf(t, out, Tvix, "total"); got < 60 {
		t.Errorf("process total %.1f ms is less than its phases", got)
	}
	if bytes.Contains(b.Bytes(), []byte(Containers)) {
		t.Errorf("a process with no phases and no total is reported:\n%s", out)
	}
}

func TestOffCountsNothing(t *testing.T) {
	sp := Begin("work")
	sp.End()
	Add(Helper, "start", time.Second, time.Second)
	var b bytes.Buffer
	Report(&b, 1)
	if b.Len() != 0 || len(phases) != 0 {
		t.Errorf("profiling off, yet: %q", b.String())
	}
}
