// Package ociinit turns a process that libcontainer started as a
// container's init ("<argv0> init" with libcontainer's pipes in the
// environment) into that init. It does so in its package initialiser,
// which Go runs as soon as libcontainer and its dependencies are
// initialised. In a binary as large as tvix that is after most other
// packages (Go initialises packages in import path order as their
// imports become ready, and libcontainer needs net), so every container
// start pays for them; the small helper binary of package
// builder/oci/sandbox avoids that. Importing package oci imports this
// one.
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
