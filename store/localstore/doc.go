// Package localstore is the embedded default store: chunks as files on
// disk, metadata in a bbolt database, in one directory:
//
//	<dir>/meta.db             bbolt: chunks (digest -> size), blobs (digest
//	                          -> chunk list, for blobs of 2+ chunks),
//	                          directories (digest -> encoding), pathinfos
//	                          (20-byte hash part -> PathInfo encoding)
//	<dir>/chunks/ab/<hex>     one file per chunk, named by its blake3
//	<dir>/tmp/                files being written (emptied on Open)
//
// Crash safety. An item is visible after a restart only if it is recorded
// in meta.db, and it is recorded only after everything it needs is
// durable:
//
//   - a chunk file is written under a temporary name and renamed into
//     place; it counts only once meta.db records it;
//   - blob Put writes chunk files but keeps the chunk and blob records in
//     memory ("pending"), visible to this process at once;
//   - every commit (a directory upload's Close, a PathInfo Put, Close of
//     the store, or enough pending bytes) first makes all pending chunk
//     files durable with one syncfs(2) (fsync of each file elsewhere), then
//     writes the pending records and the new directories or PathInfo in a
//     single bbolt transaction, which bbolt fsyncs before returning.
//
// So a crash at any point leaves meta.db naming only durable data; at
// worst some chunk files are orphaned (unreferenced, harmless). One
// syncfs per commit, not one fsync per file, keeps adding many small
// files fast.
//
// Reads of local data are not verified (the data never left this
// machine); store.VerifyAll checks everything.
//
// bbolt locks meta.db, so one process at a time opens a local store;
// others talk to that process (tvix-node) over gRPC.
package localstore
