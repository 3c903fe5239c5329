// Package eval is the Nix language evaluator.
//
// It runs in passes, like starlark-go: package syntax parses source into
// an AST with positions; the compiler here (compile.go) resolves every
// variable statically and turns the AST into a tree of nodes; the nodes
// are then evaluated lazily. Dependencies point one way: eval imports
// syntax and the pure helpers under eval/internal, never the store.
//
// # Values
//
// Value is a small interface (Type) implemented by Int, Float, Bool, Null,
// Path, *Str (a string plus an optional *Context of store references),
// *List, *Attrs, *Lambda, *Builtin, *PartialApp and *Thunk. Small integers
// are preboxed. A *Thunk is two words: the node to evaluate and, while
// pending, the environment (or, for thunks made in bulk by map, genList
// and mapAttrs, the one value that tells them apart); once forced it holds
// the value. Forcing blackholes the thunk first, so a thunk that needs
// itself reports infinite recursion; an error unwinding through tryEval
// un-blackholes what it interrupted.
//
// # Scopes
//
// The resolver maps each variable to (depth, slot): depth frames up the
// chain of *Env, slot in that frame. let, rec sets and function calls each
// make one frame with one slot per name; no scope is a map. `with` makes a
// frame whose slot holds the scope set; a variable that no lexical scope
// binds is looked up at run time in the enclosing with-sets, innermost
// first, then in the builtins. Undefined variables are compile errors, as
// in Nix. Call frames of functions whose bodies can never capture them
// (no closures, thunks or nested frames are made from them) are reused.
//
// # Attribute sets
//
// An *Attrs is a slice of attributes sorted by name (binary search). `//`
// merges two sorted slices; a small right-hand side over a large set makes
// a layer instead of a copy, flattened on first iteration, so that
// nixpkgs-style repeated small updates stay linear.
//
// # Limits
//
// An Evaluator carries a context (cancellation), a step budget and a
// nesting depth bound; exceeding any of them ends evaluation with an
// *Error (Kind KindLimit), never with a Go stack overflow.
//
// # Errors
//
// Evaluation errors are *Error values with a position and a trace. Inside
// the evaluator they travel as panics and are recovered at the API
// boundary (EvalExpr, EvalFile, EvalOutput, ...) and by builtins.tryEval,
// which catches only throw and assert failures, as Nix does.
//
// # Store
//
// The evaluator reaches a Nix store only through StoreHooks (copying paths
// for interpolation, computing store paths) and the Capabilities the store
// lists, read once in New: Derivations (a DrvWriter, for
// derivationStrict), Sources (builtins.path, filterSource, storePath, the
// fetchers), Files (reading store paths that are not on disk), Realiser
// (building derivation outputs that import, readFile and friends need:
// import from derivation) and ReadOnly. String contexts are sets of
// ContextElem, encoded as Nix encodes them. Without a store, builtins that
// need one fail with ErrNoStore; RegisterStoreBuiltin overrides a store
// builtin on one evaluator. <nix/fetchurl.nix> is built in (corepkgs/fetchurl.nix).
package eval
