package store

// CorruptMemoryChunk flips a byte of chunk d in a memory store's blobs.
func CorruptMemoryChunk(bs BlobService, d Digest) bool {
	return bs.(*memoryBlobService).corrupt(d)
}

// DeleteMemoryChunk removes chunk d from a memory store's blobs.
func DeleteMemoryChunk(bs BlobService, d Digest) {
	s := bs.(*memoryBlobService)
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.chunks, d)
}

// ReplaceMemoryDirectory sets the stored encoding of directory d (nil
// removes it).
func ReplaceMemoryDirectory(ds DirectoryService, d Digest, enc []byte) {
	s := ds.(*memoryDirectoryService)
	s.mu.Lock()
	defer s.mu.Unlock()
	if enc == nil {
		delete(s.dirs, d)
	} else {
		s.dirs[d] = enc
	}
}
