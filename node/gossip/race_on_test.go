//go:build race

package gossip

// raceEnabled: the race detector slows the 50-node simulation so much
// that members time out on each other.
const raceEnabled = true
