// Package store defines the content-addressed store: blobs (blake3,
// chunked), directories (Merkle nodes) and PathInfo (Nix store paths mapped
// to root nodes), the small interfaces every backend implements, the
// checks every backend applies, and the in-memory backend.
//
// # Blobs and chunks
//
// A blob is identified by the blake3-256 of its whole content. SplitBlob
// cuts content into content-defined chunks with FastCDC (64 KiB minimum,
// 1 MiB maximum, about 150 KiB on average), each identified by its own
// blake3; a blob's chunk list is metadata, and a chunk shared by many blobs
// is stored once. Because cut points depend only on nearby bytes, editing
// the middle of a large file changes only the chunks around the edit.
// Content of at most ChunkMinSize bytes is one chunk whose digest is the
// blob's digest, so small files cost no chunk list. A blob of several
// chunks has its own digest computed on a second goroutine while the
// chunks are cut and hashed.
//
// # Directories
//
// A Directory's digest is the blake3 of its deterministic protobuf
// encoding (EncodeDirectory). ValidateDirectory checks one message (names,
// order, uniqueness, digest lengths); DirectoryClosure checks an upload as
// a whole: leaves first, every child directory either uploaded earlier or
// already stored with the size its parent records, and everything reachable
// from the root. Every DirectoryPutter uses it, so all backends accept and
// reject the same uploads.
//
// # PathInfo
//
// ValidatePathInfo checks the message (the root node is named like a store
// path; 20-byte references matching their names; 32-byte NAR sha256;
// well-formed signatures and deriver) and CheckPathInfoPut adds that the
// root's content is stored. A backend stores a PathInfo only after what it
// refers to is durable.
//
// # Errors and verification
//
// Misses wrap ErrNotFound, rejected input wraps ErrInvalid, and content
// that does not match its digest wraps ErrCorrupt; the gRPC layer maps them
// to codes.NotFound, InvalidArgument and DataLoss and back. Backends that
// read from outside the process verify on read; VerifyAll walks a store
// whose backends implement BlobInventory and DirectoryInventory and checks
// every chunk, blob, directory and PathInfo.
package store
