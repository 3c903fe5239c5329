// Package localstore is the embedded default store: chunks in pack files
// on disk, metadata in a bbolt database, in one directory:
//
//	<dir>/meta.db          bbolt: chunks (digest -> pack, offset, length;
//	                       a chunk of at most 4 KiB is kept in its record
//	                       itself, with pack 0, and needs no pack),
//	                       blobs (digest -> chunk list, for blobs of 2+
//	                       chunks), directories (digest -> encoding),
//	                       pathinfos (20-byte hash part -> PathInfo),
//	                       meta (the next pack id)
//	<dir>/packs/<id>.pack  chunks back to back, each stored once
//	<dir>/tmp/<id>.pack    packs being written (emptied on Open)
//
// Why packs and not one file per chunk: a store of a terabyte would be
// millions of files, and creating a file costs far more than appending to
// one (on the project's machines, ~2 ms per create on /tmp), which made
// adding a tree several times slower than nix-store --add.
//
// Crash safety. An item is visible after a restart only if it is recorded
// in meta.db, and it is recorded only after everything it needs is
// durable:
//
//   - chunks are appended to tmp/<id>.pack; blob Put keeps the chunk and
//     blob records in memory ("pending"), visible to this process at once;
//   - every commit (a directory upload's Close, a PathInfo Put, Close of
//     the store, or 512 MiB of pending chunks) closes the current pack,
//     renames the written packs into packs/ (temp name, then rename), makes
//     them durable (fsync of each new pack and of packs/; a pack is
//     written 4 MiB at a time while it fills, with O_DIRECT where the
//     file system allows, so the fsync finds little to do; a chunk still
//     staged in memory is written out before it is read), and only then
//     writes the pending records, the next pack id and the new
//     directories or PathInfo in one bbolt transaction, which bbolt
//     fsyncs before returning.
//
// An inline chunk is written by the transaction that records it, so a
// commit of only small files (.drv files, most build outputs) costs the
// bbolt transaction alone: no pack file is created, renamed or synced.
//
// A crash at any point leaves meta.db naming only durable data; at worst a
// pack or the tail of one is unreferenced (harmless; a pack id that was
// never recorded is reused and its file overwritten). A few fsyncs per
// commit, not one per chunk or file, keep adding many files fast.
//
// Reads of local data are not verified (the data never left this
// machine); store.VerifyAll checks everything.
//
// Garbage collection (gc.go), through the store's Maintenance
// (store.Maintainer). Delete removes a PathInfo and records its root
// node in the garbage bucket, in one transaction. CollectGarbage then
// marks (the content below the garbage records, and below every
// remaining path) and sweeps: directories, blob records and chunks
// below deleted paths that no remaining path needs are deleted from
// meta.db, packs left without live chunks are removed, and packs mostly
// dead are compacted (live chunks copied to a new pack, recorded, then
// the old pack removed). Inline chunks go with
// their records. A collection holds the commit lock, so no PathInfo or
// directory is committed meanwhile; content pending a commit, content a
// put in progress reuses, and content that a put or Has found stored
// since the first deletion are kept, and a put's decision to reuse
// stored content excludes the sweep's decision to delete it.
//
// bbolt locks meta.db, so one process at a time opens a local store;
// others talk to that process (tvix-node) over gRPC.
package localstore
