// Package builtin runs Nix's built-in builders in this process, as Nix
// 2.8 runs them instead of a program: builtin:fetchurl (a download over
// http, https or file, optionally executable or a NAR to unpack),
// builtin:buildenv (nix-env's user environment: a tree of symlinks into
// the packages' outputs, with priorities and propagated packages) and
// builtin:unpack-channel (a channel tarball unpacked under the channel's
// name).
//
// Run takes the same BuildRequest the sandbox would and returns the same
// Build: the outputs ingested into the castore with their NAR hashes and
// the reference needles found in their NAR serialisation. Inputs are read
// from the castore (buildenv resolves symlinks between store paths
// itself); scratch trees go to a temporary directory that is removed.
package builtin
