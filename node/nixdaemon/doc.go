// Package nixdaemon serves Nix's daemon protocol (the "worker protocol"
// that nix-daemon speaks on its unix socket and, as `nix-daemon --stdio`,
// over SSH for ssh-ng:// stores) on top of a tvix store.
//
// A connection starts with the handshake: the client sends WORKER_MAGIC_1
// and, after the server's WORKER_MAGIC_2 and protocol version, its own
// version; both sides then use the lower of the two. Clients of protocol
// 1.23 (Nix 2.3) and newer are accepted; the server offers 1.37 (Nix 2.26's
// version). Nix 2.8 speaks 1.34. After some obsolete fields, the server
// sends its version string (1.33+) and whether it trusts the client
// (1.35+), and ends the greeting as it ends every operation: with
// STDERR_LAST.
//
// Then the client sends operations, each a number and its arguments. The
// server answers each with "stderr" messages (log lines, activities and
// their results, which Nix shows on the user's terminal), then either
// STDERR_LAST and the operation's result, or STDERR_ERROR and an error in
// the format the negotiated version expects. Every integer on the wire is
// a little-endian uint64; strings are a length, the bytes and zero padding
// to a multiple of 8 (go-nix's wire package reads and writes these).
// Large data (the NARs of AddToStoreNar and AddMultipleToStore) comes in
// frames: a length, that many bytes, and a zero length at the end.
//
// The decoder trusts nothing: a malformed or truncated message ends that
// connection with an error naming the offset in the client's stream, and
// an upload registers its PathInfo only after its whole NAR has been read,
// checked against the declared hash and size, and stored. An operation the
// server knows but does not carry out, once its arguments are read, gets
// an error on the protocol and the connection goes on; an unknown
// operation number gets an error and the connection is closed, since its
// arguments cannot be skipped.
package nixdaemon
