package oci

import "github.com/p2pnix/tvix/builder/oci/ociinit"

// MaybeInit turns this process into a container's init if libcontainer
// started it as one (it re-executes the current binary as "<argv0> init"
// for every container), and never returns then; otherwise it returns at
// once. Importing this package already does that, from the initialiser
// of package ociinit, early in the process; calling MaybeInit first thing
// in main and in TestMain states the requirement and is harmless.
func MaybeInit() { ociinit.Run() }
