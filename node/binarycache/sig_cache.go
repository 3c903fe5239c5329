package binarycache

import (
	"sync"
	"time"

	"github.com/p2pnix/tvix/proto/storev1"
	"github.com/p2pnix/tvix/store/nixpath"
	"github.com/p2pnix/tvix/store/nixsig"
	"google.golang.org/protobuf/proto"
)

// sigCacheSize bounds the signatures remembered; the cache is emptied when
// it is full (a narinfo is then signed again, which is only slower).
const sigCacheSize = 1 << 16

// sigCache remembers the node's signatures by fingerprint, so that a path
// served again is not signed again (ed25519 signing is most of the CPU of a
// narinfo hit), and the narinfos rendered with them. Safe for concurrent
// use.
type sigCache struct {
	mu    sync.Mutex
	m     map[string]*storev1.NARInfo_Signature
	texts map[string]string // rendered narinfos (see narinfoTextKey)
	// recent are narinfos served in the last recentTTL, by hash part:
	// served again without a store lookup. A path deleted meanwhile is
	// still announced for at most that long (its NAR URL then fetches it
	// from a peer, or is a 404).
	recent map[string]recentNarinfo
}

// recentTTL is how long a served narinfo is served again without a
// store lookup.
const recentTTL = 2 * time.Second

type recentNarinfo struct {
	text string
	at   time.Time
}

// recentText returns the narinfo of hashPart served since now-recentTTL.
func (c *sigCache) recentText(hashPart string, now time.Time) (string, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.recent[hashPart]
	if !ok || now.Sub(e.at) > recentTTL {
		return "", false
	}
	return e.text, true
}

// putRecent remembers the narinfo of hashPart served at now.
func (c *sigCache) putRecent(hashPart, text string, now time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.recent == nil || len(c.recent) >= sigCacheSize {
		c.recent = make(map[string]recentNarinfo)
	}
	c.recent[hashPart] = recentNarinfo{text, now}
}

// text returns the narinfo rendered under key.
func (c *sigCache) text(key string) (string, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	t, ok := c.texts[key]
	return t, ok
}

// putText remembers a rendered narinfo (sigCacheSize of them at most).
func (c *sigCache) putText(key, text string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.texts == nil || len(c.texts) >= sigCacheSize {
		c.texts = make(map[string]string)
	}
	c.texts[key] = text
}

// withNodeSignature returns info with the node's signature added, leaving
// info itself unchanged.
func (c *sigCache) withNodeSignature(dir nixpath.StoreDir, sk nixsig.SecretKey, info *storev1.PathInfo) (*storev1.PathInfo, error) {
	fp, err := nixsig.PathInfoFingerprint(dir, info)
	if err != nil {
		return nil, err
	}
	c.mu.Lock()
	sig := c.m[fp]
	c.mu.Unlock()
	if sig == nil {
		s, err := sk.Sign(nil, fp)
		if err != nil {
			return nil, err
		}
		sig = &storev1.NARInfo_Signature{Name: s.Name, Data: s.Data}
		c.mu.Lock()
		if c.m == nil || len(c.m) >= sigCacheSize {
			c.m = make(map[string]*storev1.NARInfo_Signature)
		}
		c.m[fp] = sig
		c.mu.Unlock()
	}
	ni := proto.Clone(info.GetNarinfo()).(*storev1.NARInfo)
	ni.Signatures = append(ni.Signatures, sig)
	return &storev1.PathInfo{Node: info.GetNode(), References: info.GetReferences(), Narinfo: ni}, nil
}
