package localstore

// SetPackRollSize changes the pack size limit and returns a function that
// restores it.
func SetPackRollSize(n uint64) func() {
	old := packRollSize
	packRollSize = n
	return func() { packRollSize = old }
}

// SetDirectIO turns O_DIRECT for new packs on or off and returns a
// function that restores the setting.
func SetDirectIO(on bool) func() {
	old := directIO
	directIO = on
	return func() { directIO = old }
}
