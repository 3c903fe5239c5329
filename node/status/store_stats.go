package status

import (
	"context"
	"io/fs"
	"path/filepath"
	"time"

	"github.com/p2pnix/tvix/proto/storev1"
)

// storeStatsMaxAge is how long computed store statistics are reused
// (computing them lists every PathInfo and walks the store's files).
const storeStatsMaxAge = 10 * time.Second

// StoreStats describe the node's local shard.
type StoreStats struct {
	// Paths is how many store paths the shard holds.
	Paths int
	// NARBytes is the sum of their NAR sizes: what the shard would take
	// as NARs.
	NARBytes uint64
	// DiskBytes is the size of the local store's files (chunk packs and
	// metadata); 0 when the node serves another kind of store.
	DiskBytes uint64
	// At is when they were computed.
	At time.Time
}

// DedupRatio is NARBytes over DiskBytes: how many times smaller chunking
// (identical chunks stored once) keeps the shard than its NARs; 0 when
// unknown.
func (s StoreStats) DedupRatio() float64 {
	if s.DiskBytes == 0 {
		return 0
	}
	return float64(s.NARBytes) / float64(s.DiskBytes)
}

// storeStats returns the shard's statistics, at most storeStatsMaxAge old.
func (s *Server) storeStats(ctx context.Context) StoreStats {
	s.statsMu.Lock()
	defer s.statsMu.Unlock()
	if time.Since(s.stats.At) < storeStatsMaxAge {
		return s.stats
	}
	st := StoreStats{At: time.Now()}
	if shard := s.cfg.Shard; shard != nil {
		err := shard.PathInfos.List(ctx, func(info *storev1.PathInfo) error {
			st.Paths++
			st.NARBytes += info.GetNarinfo().GetNarSize()
			return nil
		})
		if err != nil {
			s.log.Warn("store statistics", "err", err)
		}
	}
	if dir := s.cfg.LocalStoreDir; dir != "" {
		filepath.WalkDir(dir, func(_ string, d fs.DirEntry, err error) error {
			if err == nil && d.Type().IsRegular() {
				if fi, err := d.Info(); err == nil {
					st.DiskBytes += uint64(fi.Size())
				}
			}
			return nil
		})
	}
	s.stats = st
	return st
}
