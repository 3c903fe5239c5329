//go:build chaos

package chaos

import (
	"flag"
	"os"
	"testing"
)

var (
	reportFile = flag.String("chaos.report", "", "write the campaign's table to this file (default stdout)")
	killRounds = flag.Int("chaos.kill-rounds", 50, "rounds of the kill scenario")
	killEach   = flag.Int("chaos.kill-victims", 2, "nodes killed per round of the kill scenario")
	treeWidth  = flag.Int("chaos.width", 64, "leaves of the partition scenario's tree (2*width-1 derivations)")
	// maliciousPaths sets the malicious scenario's paths.
	maliciousPaths = flag.Int("chaos.malicious-paths", 12, "paths the malicious scenario's honest nodes store and fetch")
)

// TestCampaign runs every scenario at full size and writes the table
// (make chaos). A scenario that fails keeps its row, marked failed.
func TestCampaign(t *testing.T) {
	scenarios := []struct {
		name string
		run  func(t *testing.T) Row
	}{
		{"partition", func(t *testing.T) Row {
			return partition(t, partitionOpts{nodes: 5, width: *treeWidth, sleep: "0.2"})
		}},
		{"kill", func(t *testing.T) Row {
			return kill(t, killOpts{nodes: 5, rounds: *killRounds, victims: *killEach, width: 4, ingest: 4 << 20})
		}},
		{"full disk", func(t *testing.T) Row {
			return fullDisk(t, fullDiskOpts{size: "32m", ingest: 64 << 20})
		}},
		{"clock jump", func(t *testing.T) Row {
			return clockJump(t, clockOpts{nodes: 4, width: 32, sleep: "0.5", steps: "1h,-2h"})
		}},
		{"malicious", func(t *testing.T) Row {
			return malicious(t, maliciousOpts{nodes: 5, paths: *maliciousPaths, size: 4 << 20, width: 16})
		}},
	}
	var rows []Row
	for _, s := range scenarios {
		row := Row{Scenario: s.name + " (failed)"}
		t.Run(s.name, func(t *testing.T) {
			row = s.run(t)
			if t.Failed() {
				row.Scenario += " (failed)"
			}
		})
		rows = append(rows, row)
	}
	out := os.Stdout
	if *reportFile != "" {
		f, err := os.Create(*reportFile)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		out = f
	}
	if err := WriteTable(out, rows); err != nil {
		t.Fatal(err)
	}
}
