// Package buildsession runs a build session, what `tvix build` does and
// the Nix daemon endpoint will do: evaluate an expression (or take .drv
// arguments, importing a missing one from the Nix store on this machine),
// write the derivations into the store, build their closure here in OCI
// sandboxes or through a tvix-node's cluster, build imported derivations
// during evaluation (the realiser), check out the outputs asked for under
// $TVIX_HOME/checkout and keep their result links as GC roots.
//
// A Session owns its store, builder, build logs and progress line; the
// caller keeps flags, wiring and printing. Everything a session writes on
// the terminal goes to Options.Stderr.
package buildsession
