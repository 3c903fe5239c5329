// Package s3store keeps a store in an S3-compatible bucket (AWS S3, Ceph
// RGW, SeaweedFS, MinIO, GCS through its XML API), named by
// s3://BUCKET[/PREFIX]?endpoint=...&region=...&profile=... .
//
// Layout, under PREFIX/:
//
//	chunks/<hex blake3>       a chunk's bytes (a blob of one chunk is its chunk)
//	blobs/<hex blake3>        a blob's chunk list: digest and size per chunk
//	directories/<hex blake3>  a directory's deterministic protobuf encoding
//	pathinfos/<nixbase32>     a PathInfo, keyed by its store path's hash part
//	pins/<nixbase32>          a pinned path's name
//
// Every key but a PathInfo's and a pin's is the digest of what it holds,
// so writers sharing a bucket write the same bytes to the same key and
// cannot corrupt each other; everything read is checked against its
// digest (a blob chunk by chunk, then whole). Writes go bottom-up: chunks,
// then the chunk list, then directories leaves first, then the PathInfo,
// each after the server acknowledged the ones below, so a PathInfo in the
// bucket always finds its content there.
//
// Garbage collection (CollectGarbage, Maintainer.CollectGarbage) lists
// the chunks, chunk lists and directories, then marks what the PathInfos
// reach and what directories and chunk lists younger than the grace
// period reach, and deletes the rest that is older than the grace period
// by the server's clock. Uploads in progress are protected because their
// objects are young; an upload that reuses an existing object older than
// half the grace period rewrites it (or copies it onto itself) before
// referring to it. Before deleting, the collector heads each chunk list
// and directory it would delete again and keeps one refreshed since the
// listing with all it reaches, then heads each object once more just
// before deleting it. An upload that reuses an object unreferenced for a
// whole grace period while the deletions run is the remaining race.
package s3store
