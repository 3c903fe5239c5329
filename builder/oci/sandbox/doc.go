// Package sandbox starts and stops the OCI builder's containers with
// runc's libcontainer, either from the calling process (InProcess) or
// from a helper process (Helper, served by Main in cmd/tvix-sandbox).
//
// Why a helper: libcontainer starts every container's init by
// re-executing the binary that calls it ("/proc/self/exe init"). The
// init process then runs the Go runtime and the initialisers of every
// package linked into that binary before libcontainer's code prepares
// the container. For tvix, with gRPC, libp2p and the evaluator linked
// in, that is several milliseconds of CPU for each build, a large part of
// the per-build overhead; a helper binary that links only this package
// and libcontainer starts its inits in a fraction of that.
//
// The helper protocol is JSON datagrams over a SOCK_SEQPACKET socket
// pair (the helper's end is its file descriptor 3): "run" carries the
// command and, as SCM_RIGHTS, its stdin and output; the container's
// configuration goes through a file in the state directory, as it grows
// with the number of inputs. The helper answers "started" or "failed"
// and later "exited" with the wait status, then destroys the container
// (its processes are gone already: the command was the init of its PID
// namespace); "kill" sends SIGKILL to a container's processes. When the
// client goes away the helper kills and destroys its containers and
// exits.
//
// This package imports little besides libcontainer, so that a binary
// made of it stays small.
package sandbox

import (
	// A binary that runs containers must turn into a container's init
	// when libcontainer re-executes it.
	_ "github.com/p2pnix/tvix/builder/oci/ociinit"
)
