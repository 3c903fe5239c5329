// Package builder turns Nix derivations into builds and their results
// into store paths.
//
// The pieces, in the order a build uses them:
//
//   - LoadDerivation reads a .drv from the store; BuildClosure walks the
//     inputDrvs graph from the requested derivations, drops derivations
//     whose outputs are all in the store (and their inputs), and runs the
//     rest in dependency order, up to Jobs at a time.
//   - NewRequest turns one derivation into a tvix.build.v1 BuildRequest
//     the way Nix 2.8 prepares a sandboxed build: the command is the
//     builder with its arguments; the working directory is /build; the
//     environment is PATH=/path-not-set, HOME=/homeless-shelter,
//     NIX_STORE, NIX_BUILD_CORES, then the derivation's variables (those
//     named in passAsFile are written to /build/.attr-<nixbase32
//     sha256 of the name> and announced as <name>Path), then
//     NIX_BUILD_TOP, TMPDIR, TEMPDIR, TMP, TEMP and PWD set to /build,
//     NIX_OUTPUT_CHECKED=1 for fixed-output derivations, NIX_LOG_FD=2 and
//     TERM=xterm-256color. With structured attributes (__json) the
//     derivation's variables are replaced by /build/.attrs.json and
//     /build/.attrs.sh (and NIX_ATTRS_JSON_FILE, NIX_ATTRS_SH_FILE). The
//     inputs are the closure, through PathInfo references, of the input
//     sources and the used outputs of the input derivations. Only
//     fixed-output derivations get network access.
//   - A Builder runs the request (builder/oci: a libcontainer sandbox
//     shaped like Nix's) and returns each output as a castore node with
//     its NAR size and sha256 and the reference needles found in it.
//   - RegisterOutputs checks and records the outputs: references are the
//     input closure and output paths whose hash parts occur in the output
//     (contents, symlink targets, names, as Nix's scan over the NAR);
//     fixed-output hashes are verified (flat, or over the NAR); the
//     allowed/disallowed references/requisites attributes are enforced;
//     each PathInfo gets its deriver and a signature.
//
// With ClosureOptions.Check the requested derivations are built again
// and compared with the stored outputs instead (Nix's --check).
//
// ImportDerivations copies .drv closures from a local Nix store, checking
// every path against its contents, so that derivations nix-instantiate
// wrote can be built here before our evaluator writes its own.
//
// Errors of a build that ran are *Error values (errors.Is ErrBuildFailed)
// with Nix's wording; anything else (a missing input, a bad request, a
// store failure) is an ordinary error.
package builder
