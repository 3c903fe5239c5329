package localstore

// SetPackRollSize changes the pack size limit and returns a function that
// restores it.
func SetPackRollSize(n uint64) func() {
	old := packRollSize
	packRollSize = n
	return func() { packRollSize = old }
}
