package store

// NewMemoryStore returns an empty store held in memory, for tests and for
// the "memory:" URL.
func NewMemoryStore() *Store {
	blobs := NewMemoryBlobService()
	dirs := NewMemoryDirectoryService()
	return &Store{
		Blobs:       blobs,
		Directories: dirs,
		PathInfos:   NewMemoryPathInfoService(blobs, dirs),
		Close:       func() error { return nil },
	}
}
