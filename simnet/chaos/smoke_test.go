package chaos

import (
	"os"
	"testing"
)

// TestSmoke runs the campaign's harness briefly: a partition of three
// nodes during a small build, and two rounds of kills.
func TestSmoke(t *testing.T) {
	rows := []Row{
		partition(t, partitionOpts{nodes: 3, width: 8, sleep: "0.3"}),
		kill(t, killOpts{nodes: 3, rounds: 2, victims: 1, width: 4, ingest: 1 << 20}),
		fullDisk(t, fullDiskOpts{size: "24m", ingest: 40 << 20}),
	}
	if !t.Failed() {
		WriteTable(os.Stdout, rows)
	}
}
