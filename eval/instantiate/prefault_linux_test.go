package instantiate

import (
	"strings"
	"testing"
)

func TestAnonMapping(t *testing.T) {
	maps := `00400000-00402000 r--p 00000000 fe:00 9994265                            /tmp/tvix
029d1000-04a35000 rw-p 00000000 00:00 0
1d74a0000000-1d74a4400000 rw-p 00000000 00:00 0
1d74a4400000-1d74a8000000 ---p 00000000 00:00 0
7f0000000000-7f0000100000 rw-s 00000000 00:05 1234                       /dev/shm/x
7f0000200000-7f0000300000 rw-p 00001000 fe:00 42                         /usr/lib/libc.so
7ffd1000-7ffd2000 rw-p 00000000 00:00 0                          [stack]
`
	for _, c := range []struct {
		a      uintptr
		lo, hi uintptr
		ok     bool
	}{
		{0x1d74a041fde8, 0x1d74a0000000, 0x1d74a4400000, true},
		{0x1d74a0000000, 0x1d74a0000000, 0x1d74a4400000, true},
		{0x1d74a4400000, 0, 0, false}, // reserved, not mapped read-write
		{0x3000000, 0x029d1000, 0x04a35000, true},
		{0x7f0000000010, 0, 0, false}, // shared
		{0x7f0000200010, 0, 0, false}, // a file's
		{0x7ffd1010, 0, 0, false},     // the stack
		{0x10, 0, 0, false},
	} {
		lo, hi, ok := anonMapping(strings.NewReader(maps), c.a)
		if lo != c.lo || hi != c.hi || ok != c.ok {
			t.Errorf("anonMapping(%#x) = %#x, %#x, %v; want %#x, %#x, %v", c.a, lo, hi, ok, c.lo, c.hi, c.ok)
		}
	}
}
