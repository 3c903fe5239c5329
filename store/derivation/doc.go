// Package derivation holds Nix derivations as data and computes their
// paths exactly as Nix 2.8 does, for any store directory. It is pure: it
// reads and writes no store, so the evaluator (derivationStrict), the
// builder (reading .drv files) and tests share it.
//
// # ATerm
//
// A .drv file is the ATerm
//
//	Derive([outputs],[inputDrvs],[inputSrcs],platform,builder,[args],[env])
//
// with outputs as ("name","path","hashAlgo","hash"), inputDrvs as
// ("drvPath",["output",...]) and env as ("key","value"). Outputs, input
// derivations, sources and env are sorted by byte order. Builder, args
// and env keys and values are escaped (\" \\ \n \r \t, nothing else);
// output names, paths, hashes and the platform are written verbatim, as
// Nix does. Derivation.ATerm writes this form; ParseATerm reads it, with
// errors that name the input and byte offset.
//
// # Paths
//
// Every store path is makeStorePath(type, inner, name): the sha256 of
// "<type>:sha256:<hex inner>:<storedir>:<name>", XOR-folded to 20 bytes
// and nixbase32-encoded, as "<storedir>/<hash>-<name>". Derivations use
// three kinds:
//
//   - A .drv file is a text path: type "text:<ref>:<ref>...", with the
//     sorted input sources and input derivations as references, inner
//     sha256 of the ATerm, name "<name>.drv" (Hasher.DrvPath).
//   - A fixed-output derivation (a single output "out" with an expected
//     hash) has the path of its content: for recursive sha256 type
//     "source" with the NAR hash as inner hash, the path `nix-store
//     --add` gives; otherwise type "output:out" with inner
//     sha256("fixed:out:<r:><algo>:<hex>:") (Hasher.FixedOutputPath).
//   - Every other output is input-addressed: type "output:<output>",
//     inner hash hashDerivationModulo of the masked derivation, name
//     "<name>" for out and "<name>-<output>" otherwise.
//
// # hashDerivationModulo
//
// The masked derivation is the derivation with every output path and
// every env variable named like an output set to "", and every input
// derivation path replaced by that input's own modulo hash in base16
// (inputs with equal hashes merge their output lists). The modulo hash of
// an input is, recursively, the sha256 of its unmasked ATerm with its
// inputs replaced the same way — except for fixed-output inputs, whose
// modulo hash is sha256("fixed:out:<r:><algo>:<hex>:<output path>"), so
// that changing how a fixed output is fetched does not change anything
// that depends on it (Hasher.HashModulo).
//
// Modulo hashes are computed once per derivation: callers keep them in a
// map keyed by drv path and pass a ModuloLookup.
//
// # Use
//
// An evaluator's derivationStrict fills a Derivation from the attributes
// (for a fixed-output derivation, Outputs["out"] from ParseFixedHash),
// then calls Hasher.Instantiate with a ModuloMap's Lookup, writes the
// returned ATerm to the store as a text file at DrvPath with References,
// and records the returned Modulo in the ModuloMap. A builder reads .drv
// files with ParseDrv, walks them with Closure and checks each with
// Hasher.Verify and a ClosureLookup before trusting its paths.
// ShowDerivationJSON prints what `nix show-derivation` prints. A Hasher
// is not safe for concurrent use.
//
// Not implemented: floating content-addressed and impure derivations
// (experimental in Nix 2.8); they parse and print, but computing their
// paths is an error.
package derivation
