package chaos

import (
	"fmt"
	"io"
	"text/tabwriter"
)

// Row is what one scenario of the campaign measured.
type Row struct {
	Scenario string
	// Trials counts the faults injected.
	Trials int
	// Builds counts the derivations whose build request completed.
	Builds int
	// Duplicates counts the builds run more than once for one derivation.
	Duplicates int
	// BadRejected and BadAccepted count the bytes of bad data (failed
	// ingests, corrupted transfers) refused and taken in.
	BadRejected, BadAccepted int64
	// Corrupt counts store problems `tvix store verify` found; Lost
	// counts paths once stored successfully that no node has any more.
	Corrupt, Lost int
}

// WriteTable prints rows as a table and, last, the campaign's summary
// line: "chaos: S scenarios, T trials, C corrupt paths, L lost paths, B
// bad bytes accepted".
func WriteTable(w io.Writer, rows []Row) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "scenario\ttrials\tbuilds completed\tduplicate builds\tbad bytes rejected\tcorrupt paths\tlost paths\t")
	var sum Row
	for _, r := range rows {
		fmt.Fprintf(tw, "%s\t%d\t%d\t%d\t%d\t%d\t%d\t\n", r.Scenario, r.Trials, r.Builds, r.Duplicates, r.BadRejected, r.Corrupt, r.Lost)
		sum.Trials += r.Trials
		sum.Corrupt += r.Corrupt
		sum.Lost += r.Lost
		sum.BadAccepted += r.BadAccepted
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	_, err := fmt.Fprintf(w, "chaos: %d scenarios, %d trials, %d corrupt paths, %d lost paths, %d bad bytes accepted\n",
		len(rows), sum.Trials, sum.Corrupt, sum.Lost, sum.BadAccepted)
	return err
}
