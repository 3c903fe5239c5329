package eval

import (
	"math/rand/v2"
	"slices"
	"strconv"
	"testing"
)

// TestSortAttrDefsStable checks sortAttrDefs against the library's
// stable sort on sets small and large, with repeated names.
func TestSortAttrDefsStable(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for _, n := range []int{0, 1, 2, 5, 20, smallSort, smallSort + 1, 200} {
		for range 20 {
			a := make([]Attr, n)
			for i := range a {
				a[i] = Attr{Name: "a" + strconv.Itoa(r.IntN(n/2+1)), Val: MkInt(int64(i))}
			}
			want := slices.Clone(a)
			slices.SortStableFunc(want, cmpAttrName)
			sortAttrDefs(a)
			for i := range a {
				if a[i].Name != want[i].Name || a[i].Val != want[i].Val {
					t.Fatalf("n=%d: at %d got %s=%v, want %s=%v", n, i, a[i].Name, a[i].Val, want[i].Name, want[i].Val)
				}
			}
		}
	}
}
