package simnet

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestParseTestdata(t *testing.T) {
	files, err := filepath.Glob("testdata/*.txt")
	if err != nil || len(files) == 0 {
		t.Fatalf("no scenarios: %v", err)
	}
	for _, f := range files {
		if _, err := ParseFile(f); err != nil {
			t.Error(err)
		}
	}
}

func TestParse(t *testing.T) {
	s, err := Parse("x.txt", []byte(`# comment
name demo   # trailing comment
nodes 12
latency uniform 5ms 20ms
bandwidth 10MiB
loss 2%
dag deep 40
build-time lognormal 30s 0.5
churn 10% 1m 2m exp 30s
partition 10s 20s 0.3
measure farm dht
grow 10 20
`))
	if err != nil {
		t.Fatal(err)
	}
	if s.Name != "demo" || s.Nodes != 12 || s.Shape != "deep" || s.Drvs != 40 || s.Loss != 0.02 {
		t.Errorf("parsed %+v", s)
	}
	if s.Bandwidth.A != 10<<20 || s.Latency.Kind != "uniform" || s.Latency.B != float64(20*time.Millisecond) {
		t.Errorf("dists: %+v %+v", s.Bandwidth, s.Latency)
	}
	if len(s.Churn) != 1 || s.Churn[0].From != time.Minute || s.Churn[0].Down.Kind != "exp" || s.Churn[0].Fraction != 0.1 {
		t.Errorf("churn %+v", s.Churn)
	}
	if len(s.Partitions) != 1 || s.Partitions[0].Heal != 20*time.Second || !s.Measure["dht"] || len(s.Grow) != 2 {
		t.Errorf("partitions %+v measure %v grow %v", s.Partitions, s.Measure, s.Grow)
	}
}

// TestParseErrors: one line naming the file, line and directive.
func TestParseErrors(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"nodes x", "bad.txt:1: nodes: bad count"},
		{"\n\nlatency uniform 5ms", "bad.txt:3: latency: \"uniform 5ms\": uniform takes 2 values"},
		{"bandwidth 10XB", "bad.txt:1: bandwidth: bad value"},
		{"latency -5ms", "bad.txt:1: latency: negative value"},
		{"frobnicate 1", "bad.txt:1: frobnicate: unknown directive"},
		{"dag round 10", "bad.txt: unknown dag shape \"round\""},
		{"partition 20s 10s 0.5", "bad.txt:1: partition: bad span"},
		{"partition 10s 20s 1.5", "partition fraction"},
		{"nodes 3\nrequesters 3", "requesters 3: need fewer than nodes 3"},
		{"measure farm speed", "unknown measurement \"speed\""},
		{"latency uniform 9ms 5ms", "upper bound below lower bound"},
		{"loss 1", "loss 1: must be below 1"},
		{"speed uniform 0 2", "speed uniform 0 2: must be above 0"},
	} {
		_, err := Parse("bad.txt", []byte(tc.in))
		if err == nil || !errors.Is(err, ErrBadScenario) || !strings.Contains(err.Error(), tc.want) || strings.Contains(err.Error(), "\n") {
			t.Errorf("%q: got %v, want one line containing %q", tc.in, err, tc.want)
		}
	}
}

func FuzzParse(f *testing.F) {
	files, _ := filepath.Glob("testdata/*.txt")
	for _, p := range files {
		b, _ := os.ReadFile(p)
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		s, err := Parse("fuzz", data)
		if err != nil {
			if !errors.Is(err, ErrBadScenario) || strings.Contains(err.Error(), "\n") {
				t.Fatalf("error not one line of ErrBadScenario: %v", err)
			}
			return
		}
		if s.Nodes < 2 || s.Requesters >= s.Nodes || s.Drvs < 1 || s.Loss >= 1 {
			t.Fatalf("accepted an unusable scenario: %+v", s)
		}
	})
}
