package oci

import (
	"fmt"
	"os"
	"strings"
	"time"
)

// timingEnv names the environment variable that, when set, makes every
// build print how long each of its stages took to stderr, one line per
// build: "oci timing <id>: prepare 1.2ms create 0.8ms ...".
const timingEnv = "TVIX_BUILD_TIMING"

var timingOn = os.Getenv(timingEnv) != ""

// spans measures the stages of one build when timing is on; the zero
// value measures nothing.
type spans struct {
	on    bool
	last  time.Time
	parts []string
}

func newSpans() spans {
	if !timingOn {
		return spans{}
	}
	return spans{on: true, last: time.Now()}
}

// end closes the stage called name, which began where the previous one
// ended.
func (s *spans) end(name string) {
	if !s.on {
		return
	}
	now := time.Now()
	s.parts = append(s.parts, fmt.Sprintf("%s %.1fms", name, float64(now.Sub(s.last).Microseconds())/1000))
	s.last = now
}

// print writes the stages measured so far.
func (s *spans) print(id string) {
	if s.on {
		fmt.Fprintf(os.Stderr, "oci timing %s: %s\n", id, strings.Join(s.parts, " "))
	}
}
