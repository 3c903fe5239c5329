// Package ociinit turns a process that libcontainer started as a
// container's init ("<argv0> init" with libcontainer's pipes in the
// environment) into that init. It does so in its package initialiser,
// which Go runs as soon as libcontainer is initialised: before the
// initialisers of the rest of the binary (gRPC, protobuf registries, the
// evaluator), which the container's init does not need and which would
// otherwise run for every build. Importing package oci imports this one.
package ociinit

import (
	"os"

	"github.com/opencontainers/runc/libcontainer"
	// nsenter's C constructor joins the namespaces before the Go runtime
	// of a re-executed container init starts.
	_ "github.com/opencontainers/runc/libcontainer/nsenter"
)

func init() { Run() }

// Run becomes the container's init and never returns if this process is
// one; otherwise it returns at once.
func Run() {
	if len(os.Args) > 1 && os.Args[1] == "init" && os.Getenv("_LIBCONTAINER_INITPIPE") != "" {
		libcontainer.Init()
	}
}
