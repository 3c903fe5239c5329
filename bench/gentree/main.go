// Command gentree writes a deterministic pseudo-random file tree for the
// store benchmarks: gentree [-seed N] [-size BYTES] [-max-file BYTES] DIR.
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/p2pnix/tvix/store/nar/nartest"
)

func main() {
	seed := flag.Uint64("seed", 1, "seed; the same seed gives the same tree")
	size := flag.Int64("size", 512<<20, "total bytes of file content")
	maxFile := flag.Int64("max-file", 64<<20, "largest file")
	flag.Parse()
	if flag.NArg() != 1 {
		fmt.Fprintln(os.Stderr, "usage: gentree [-seed N] [-size BYTES] [-max-file BYTES] DIR")
		os.Exit(2)
	}
	if _, err := os.Lstat(flag.Arg(0)); err == nil {
		fmt.Fprintf(os.Stderr, "gentree: %s exists\n", flag.Arg(0))
		os.Exit(1)
	}
	if err := nartest.WriteRandom(flag.Arg(0), *seed, *size, *maxFile); err != nil {
		fmt.Fprintln(os.Stderr, "gentree:", err)
		os.Exit(1)
	}
}
