package chaos

import (
	"strings"
	"testing"
)

func TestWriteTable(t *testing.T) {
	var b strings.Builder
	err := WriteTable(&b, []Row{
		{Scenario: "partition", Trials: 1, Builds: 254, Duplicates: 3},
		{Scenario: "kill -9", Trials: 100, Builds: 700, Corrupt: 2, Lost: 1, BadRejected: 10, BadAccepted: 4},
	})
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(b.String(), "\n"), "\n")
	if len(lines) != 4 {
		t.Fatalf("got %d lines, want a header, 2 rows and the summary:\n%s", len(lines), b.String())
	}
	if got, want := lines[3], "chaos: 2 scenarios, 101 trials, 2 corrupt paths, 1 lost paths, 4 bad bytes accepted"; got != want {
		t.Errorf("summary %q, want %q", got, want)
	}
	if f := strings.Fields(lines[2]); strings.Join(f, " ") != "kill -9 100 700 0 10 2 1" {
		t.Errorf("row %q", lines[2])
	}
}
