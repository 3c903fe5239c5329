package instantiate

import (
	"bufio"
	"io"
	"os"
	"strconv"
	"strings"
	"time"
	"unsafe"

	"golang.org/x/sys/unix"
)

// prefaultChunk is how much of the heap one madvise call faults in.
const prefaultChunk = 2 << 20

// prefaultProbe is an object on the heap: the mapping it lies in is the
// heap's.
var prefaultProbe *[64]byte

// prefaultHeap starts a goroutine that faults the heap's pages in ahead
// of the allocator, with MADV_POPULATE_WRITE (Linux 5.14), on another
// core. An evaluation touches each fresh page of its growing heap once;
// taking those page faults one at a time cost the evaluator a fifth of
// its time on the project's machines, while one madvise call per 2 MiB
// costs a small part of that and leaves the contents (zero) alone. The
// goroutine walks up from the start of the heap's mapping, as far as the
// runtime has mapped it: it only ever touches the anonymous private
// read-write mapping holding the heap (/proc/self/maps). It first asks
// for transparent huge pages there (MADV_HUGEPAGE; the runtime no longer
// does, and Debian's kernels give them only where asked): a 2 MiB page is
// one fault instead of 512, which took a quarter of the evaluator's CPU
// time on the package-set benchmark, prefaulted or not.
func prefaultHeap() {
	prefaultProbe = new([64]byte)
	a := uintptr(unsafe.Pointer(prefaultProbe))
	page := uintptr(os.Getpagesize())
	next, _, ok := heapMapping(a)
	if !ok || madvisePopulate(a&^(page-1), page) != nil {
		return // no such mapping, or a kernel without MADV_POPULATE_WRITE
	}
	go func() {
		// The runtime maps about 4 MiB ahead of what it uses, which an
		// evaluation fills in some 10 ms: look again that often, and
		// once a second after a second without growth.
		var wait, idle time.Duration
		for {
			_, hi, ok := heapMapping(next)
			if !ok {
				time.Sleep(wait)
				if idle += wait; idle > time.Second {
					wait = time.Second
				} else {
					wait = min(2*wait+time.Millisecond, 8*time.Millisecond)
				}
				continue
			}
			madvise(next, hi-next, unix.MADV_HUGEPAGE) // best effort: THP may be off
			for next < hi {
				n := min(prefaultChunk, hi-next)
				if madvisePopulate(next, n) != nil {
					return
				}
				next += n
			}
			wait, idle = 0, 0
		}
	}()
}

// heapMapping returns the anonymous private read-write mapping that
// holds address a, or, when a is its end, the one that starts there.
func heapMapping(a uintptr) (lo, hi uintptr, ok bool) {
	f, err := os.Open("/proc/self/maps")
	if err != nil {
		return 0, 0, false
	}
	defer f.Close()
	return anonMapping(f, a)
}

func madvisePopulate(addr, n uintptr) error {
	return madvise(addr, n, unix.MADV_POPULATE_WRITE)
}

func madvise(addr, n uintptr, advice int) error {
	if _, _, e := unix.Syscall(unix.SYS_MADVISE, addr, n, uintptr(advice)); e != 0 {
		return e
	}
	return nil
}

// anonMapping finds in /proc/self/maps lines ("lo-hi perms offset dev
// inode [path]", numbers in hexadecimal) the anonymous private
// read-write mapping that holds address a.
func anonMapping(r io.Reader, a uintptr) (lo, hi uintptr, ok bool) {
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		if len(f) != 5 || f[1] != "rw-p" || f[4] != "0" {
			continue
		}
		los, his, ok := strings.Cut(f[0], "-")
		if !ok {
			continue
		}
		l, err1 := strconv.ParseUint(los, 16, 64)
		h, err2 := strconv.ParseUint(his, 16, 64)
		if err1 == nil && err2 == nil && uintptr(l) <= a && a < uintptr(h) {
			return uintptr(l), uintptr(h), true
		}
	}
	return 0, 0, false
}
