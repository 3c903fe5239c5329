package oci

import (
	"os"

	"github.com/opencontainers/runc/libcontainer"
	// nsenter's C constructor joins the namespaces before the Go runtime
	// of a re-executed container init starts.
	_ "github.com/opencontainers/runc/libcontainer/nsenter"
)

// MaybeInit must be the first call in main (and in TestMain of tests that
// run builds): libcontainer starts every container by re-executing the
// current binary as "<argv0> init" with its sync pipes in the environment,
// and MaybeInit turns such a process into the container's init, which
// then execs the build command and never returns. In any other process it
// returns at once.
func MaybeInit() {
	if len(os.Args) > 1 && os.Args[1] == "init" && os.Getenv("_LIBCONTAINER_INITPIPE") != "" {
		libcontainer.Init()
	}
}
