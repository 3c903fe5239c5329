// Package oci is the local Builder: every build runs in its own container
// created with runc's libcontainer.
//
// The container has new mount, PID, IPC and UTS namespaces, and a new
// network namespace with only a loopback interface unless the request
// allows network access (fixed-output derivations). Its root is a fresh
// directory holding exactly build, dev, etc, nix, proc and tmp: /etc has
// Nix's passwd, group and hosts; /dev is a tmpfs with null, zero, full,
// random, urandom, tty (and kvm when the host has it), pts and shm; each
// input is bind-mounted read-only at /nix/store/<name> from the input
// cache; /nix/store itself is writable (sticky, group nixbld) for the
// outputs. The command runs as uid 1000, gid 100 without capabilities or
// new privileges, hostname "localhost", in a cgroup that enforces the
// request's memory and process limits.
//
// The input cache materialises each castore node once, under the sha256
// of its encoding, and builds share it: a store path used by a thousand
// builds is written to disk once.
//
// A build ends when its command (the PID namespace's init) exits: the
// kernel kills everything else in the namespace, and the container is
// destroyed. Timeouts, silence limits and cancellation send SIGKILL.
// Outputs are then ingested with store/nar and scanned for the request's
// needles.
//
// libcontainer starts a container by re-executing the current binary
// with the argument "init"; MaybeInit must therefore run first in every
// binary (and test binary) that uses this package. Containers are
// created by a small helper process (cmd/tvix-sandbox, package sandbox)
// when it is installed next to the binary, which makes each container
// start cheaper; otherwise by the process itself.
//
// With TVIX_BUILD_PROFILE set, every stage of a build (sandbox root,
// inputs, container start, ..., remove sandbox) and the helper's and the
// container's CPU time are counted in the build profile (package
// buildprof).
package oci
