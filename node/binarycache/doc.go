// Package binarycache is a tvix node's Nix binary cache: stock Nix
// substitutes from it (`--substituters http://NODE`) and uploads to it
// (`nix copy --to http://NODE`).
//
// Narinfos are rendered from the store's PathInfos and signed with the
// node's key; signatures and rendered narinfos are cached (sig_cache.go),
// since ed25519 signing is most of the work of a narinfo hit. A
// PathIndex (path_index.go), fed by every put to a shard the node alone
// writes, answers most misses without a store lookup. A path the
// local shard lacks is looked up on peers (Config.Peers, the DHT in the
// node) for a bounded time and fetched through the store before it is
// served. NARs are never stored: they are rendered from the store's
// Merkle DAG per request, straight into the response, or through a
// seekable reader for Range requests (nar_read_seeker.go), or zstd
// compressed.
//
// An upload is staged, checked (signature by a trusted key, references
// present, file and NAR hashes and sizes) and only then ingested and
// registered; a failure at any step stores nothing (upload.go).
//
// The package does not know the node: the root package wires a Cache into
// the node's HTTP server with Register, answers plain narinfo GETs on
// HTTP/1.1 connections with NARInfo before net/http sees them, and reads
// its hit counts (Hits) for the status page.
package binarycache
