package localstore

import (
	"os"

	"golang.org/x/sys/unix"
)

// syncDir makes everything written under dir durable: pack contents and
// the renames that moved them into packs/. On Linux one syncfs(2) of the
// store's file system does it.
func syncDir(dir string) error {
	f, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer f.Close()
	return unix.Syncfs(int(f.Fd()))
}

// startWriteback asks the kernel to start writing f's bytes [off, off+n)
// to disk without waiting, so that the sync at the next commit finds
// little left to do and disk writes overlap with chunking and hashing.
func startWriteback(f *os.File, off, n int64) {
	unix.SyncFileRange(int(f.Fd()), off, n, unix.SYNC_FILE_RANGE_WRITE)
}
