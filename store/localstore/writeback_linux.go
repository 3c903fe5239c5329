package localstore

import (
	"os"

	"golang.org/x/sys/unix"
)

// startWriteback asks the kernel to start writing f's bytes [off, off+n)
// to disk without waiting, so that the fsync at the next commit finds
// little left to do and disk writes overlap with chunking and hashing.
func startWriteback(f *os.File, off, n int64) {
	unix.SyncFileRange(int(f.Fd()), off, n, unix.SYNC_FILE_RANGE_WRITE)
}

// directFlag opens a pack for direct I/O (0 where there is none).
const directFlag = unix.O_DIRECT
