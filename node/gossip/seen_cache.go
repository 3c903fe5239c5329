package gossip

import "sync"

// seenCache remembers the last n message IDs. Safe for concurrent use.
type seenCache struct {
	mu   sync.Mutex
	set  map[MsgID]struct{}
	ring []MsgID
	next int
	full bool
}

func newSeenCache(n int) *seenCache {
	return &seenCache{set: make(map[MsgID]struct{}, n), ring: make([]MsgID, n)}
}

// firstTime records id and reports whether it was not already remembered.
func (c *seenCache) firstTime(id MsgID) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, ok := c.set[id]; ok {
		return false
	}
	if c.full {
		delete(c.set, c.ring[c.next])
	}
	c.ring[c.next] = id
	c.set[id] = struct{}{}
	c.next++
	if c.next == len(c.ring) {
		c.next, c.full = 0, true
	}
	return true
}
