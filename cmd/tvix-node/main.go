// Command tvix-node is the per-machine daemon. For now it opens the store
// and serves it over gRPC.
package main

import (
	"fmt"
	"os"
)

func main() {
	fmt.Fprintln(os.Stderr, "tvix-node: not implemented yet")
	os.Exit(1)
}
