package eval_test

import (
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

// errorLinesFloor is the least number of eval-fail cases whose error line
// (message and position) must equal Nix 2.26's; raise it as messages
// improve, never lower it.
const errorLinesFloor = 471

// wholeStderrFloor is the least number of eval-fail cases whose whole
// stderr (message, frames and snippets, without --show-trace) must equal
// Nix 2.26's; raise it as traces improve.
const wholeStderrFloor = 446

// errorLine returns the line of a nix-instantiate error message that names
// the error: the first "error: MSG" line with a message (Nix 2.26 writes a
// bare "error:" above its trace frames and the message below them),
// followed by its "at FILE:LINE:COL:" line when it has one. Leading blanks
// and the snippet are dropped, and corpus, the case tree's absolute path,
// becomes <corpus> as record.sh writes it.
func errorLine(stderr, corpus string) string {
	if corpus != "" {
		stderr = strings.ReplaceAll(stderr, corpus, "<corpus>")
	}
	lines := strings.Split(stderr, "\n")
	for i, l := range lines {
		l = strings.TrimSpace(l)
		if !strings.HasPrefix(l, "error: ") {
			continue
		}
		for _, next := range lines[i+1:] {
			next = strings.TrimSpace(next)
			if next == "" {
				continue
			}
			if strings.HasPrefix(next, "at ") {
				l += "\n" + next
			}
			break
		}
		return l
	}
	return ""
}

func firstLine(s string) string {
	l, _, _ := strings.Cut(s, "\n")
	return l
}

// TestErrorLines measures how many eval-fail cases fail with Nix 2.26's
// error line (see errorLine), and how many with its whole stderr, against
// the recorded .err files, logs the shares and the mismatches by kind, and
// fails below errorLinesFloor or wholeStderrFloor.
func TestErrorLines(t *testing.T) {
	var total, equal, firstEqual, wholeEqual int
	var mismatches []string
	byMsg := map[string]int{}
	for _, c := range findCases(t) {
		if c.okay {
			continue
		}
		want, err := os.ReadFile(filepath.Join(c.dir, strings.TrimSuffix(c.file, ".nix")+".err"))
		if err != nil {
			continue // Nix 2.8-only cases have no recording
		}
		root, err := filepath.Abs(filepath.Join("testdata", strings.SplitN(c.name(), "/", 2)[0]))
		if err != nil {
			t.Fatal(err)
		}
		var got, stderr string
		t.Run(c.name(), func(t *testing.T) {
			_, stderr, _ = runTvix(t, c)
			got = errorLine(stderr, root)
		})
		total++
		if firstLine(string(want)) == firstLine(stderr) {
			firstEqual++
		}
		if string(want) == strings.ReplaceAll(stderr, root, "<corpus>") {
			wholeEqual++
		}
		w := errorLine(string(want), "")
		if got == w {
			equal++
			continue
		}
		mismatches = append(mismatches, c.name()+"\n  got:  "+strings.ReplaceAll(got, "\n", " | ")+"\n  want: "+strings.ReplaceAll(w, "\n", " | "))
		gm, _, _ := strings.Cut(got, "\n")
		wm, _, _ := strings.Cut(w, "\n")
		if gm == wm {
			byMsg["position"]++
		} else {
			byMsg["message"]++
		}
	}
	if total == 0 {
		t.Fatal("no recorded eval-fail cases")
	}
	sort.Strings(mismatches)
	if testing.Verbose() {
		for _, m := range mismatches {
			t.Log(m)
		}
	}
	t.Logf("first stderr lines equal to Nix 2.26's: %d of %d (%.1f%%)", firstEqual, total, 100*float64(firstEqual)/float64(total))
	t.Logf("whole stderr (message, frames, snippets) equal to Nix 2.26's: %d of %d (%.1f%%)", wholeEqual, total, 100*float64(wholeEqual)/float64(total))
	t.Logf("error lines equal to Nix 2.26's: %d of %d eval-fail cases (%.1f%%); mismatched message %d, position only %d",
		equal, total, 100*float64(equal)/float64(total), byMsg["message"], byMsg["position"])
	if wholeEqual < wholeStderrFloor {
		t.Errorf("%d whole stderrs equal Nix 2.26's, fewer than the floor %d", wholeEqual, wholeStderrFloor)
	}
	if equal < errorLinesFloor {
		t.Errorf("%d error lines equal Nix 2.26's, fewer than the floor %d", equal, errorLinesFloor)
	}
}
