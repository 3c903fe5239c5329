package store

// CorruptMemoryChunk flips a byte of chunk d in a memory store's blobs.
func CorruptMemoryChunk(bs BlobService, d Digest) bool {
	return bs.(*memoryBlobService).corrupt(d)
}
