// Package upstream substitutes store paths from Nix binary caches: an
// http(s) cache such as cache.nixos.org, or a directory written by `nix
// copy --to file://DIR` (the air-gapped import). For a store path it
// fetches the narinfo, checks that a trusted key signed it, downloads the
// NAR, undoes its compression (none, xz, zstd, bzip2) with the output
// bounded by the signed NarSize and by a compression ratio, ingests it
// into the castore while hashing it, and returns the PathInfo only when
// the NAR's hash and size are the signed ones. Registering the PathInfo
// is the caller's (or Substituter's) job; a refused path is never
// registered. The file's FileHash, which no signature covers, is not
// checked (nor does Nix); its FileSize is.
//
// Substituter adds what a node needs in front of that: each path is
// downloaded once however many ask at once (singleflight), misses are
// remembered for a while, and an upstream that cannot be reached is
// skipped, after one short timeout, until it answers again. Stream
// hands out a path as soon as its narinfo is checked and streams its NAR
// while it downloads (stream.go), from a window of its latest bytes in
// memory: readers get the last byte only once the NAR hash is checked
// and the path registered, an error otherwise. Export writes a closure as such a
// cache directory.
package upstream
