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

// directUsable reports whether f, opened with O_DIRECT, takes writes
// aligned to directAlign; if the kernel says it needs more (or no direct
// I/O at all), O_DIRECT is turned off on f and it reports false. A
// kernel that does not say is trusted.
func directUsable(f *os.File) bool {
	var st unix.Statx_t
	fd := int(f.Fd())
	if unix.Statx(fd, "", unix.AT_EMPTY_PATH, unix.STATX_DIOALIGN, &st) != nil || st.Mask&unix.STATX_DIOALIGN == 0 {
		return true
	}
	if st.Dio_mem_align != 0 && st.Dio_offset_align != 0 && st.Dio_mem_align <= directAlign && st.Dio_offset_align <= directAlign {
		return true
	}
	if fl, err := unix.FcntlInt(uintptr(fd), unix.F_GETFL, 0); err == nil {
		unix.FcntlInt(uintptr(fd), unix.F_SETFL, fl&^unix.O_DIRECT)
	}
	return false
}
