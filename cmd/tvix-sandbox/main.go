// Command tvix-sandbox is the OCI builder's helper process: tvix and
// tvix-node start it (from the directory of their own binary) to create
// build containers, because libcontainer re-executes the binary that
// creates a container as the container's init, and this one is small.
// It is not meant to be run by hand; see builder/oci/sandbox. make build
// links it statically (see the Makefile).
package main

import "github.com/p2pnix/tvix/builder/oci/sandbox"

func main() { sandbox.Main() }
