package instantiate

import "testing"

func TestNextGCPercent(t *testing.T) {
	const mb = 1 << 20
	for _, tc := range []struct {
		floor       int64
		live, roots uint64
		want        int
	}{
		{128 * mb, 2 * mb, 0, 6300},      // up to the floor: 2 + 2×63 = 128 MB
		{128 * mb, 1 * mb, 1 * mb, 6350}, // roots count in the runtime's goal
		{128 * mb, 100 * mb, 0, 100},     // past half the floor: twice the live heap
		{128 * mb, 1000 * mb, 0, 100},    // far past it: the same
		{128 * mb, 0, 0, 12800},          // nothing live: the floor over a 1 MB minimum
		{128 * mb, 60 * mb, 4 * mb, 106}, // 60 + 64×1.06 ≈ 128 MB
	} {
		if got := nextGCPercent(tc.floor, tc.live, tc.roots); got != tc.want {
			t.Errorf("nextGCPercent(%d MB, live %d MB, roots %d MB) = %d, want %d", tc.floor/mb, tc.live/mb, tc.roots/mb, got, tc.want)
		}
	}
}
