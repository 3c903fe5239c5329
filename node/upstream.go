package node

import (
	"bytes"
	"crypto/sha256"
	"net"
	"net/http"

	"github.com/p2pnix/tvix/store"
	"github.com/p2pnix/tvix/store/nixsig"
	"github.com/p2pnix/tvix/store/upstream"
)

// substituteDirectHeader marks a narinfo request from a node that chose
// this one to substitute the path for the cluster: it is substituted
// from upstream here, never delegated again.
const substituteDirectHeader = "Tvix-Substitute-Direct"

// substitutionOwner is upstream.Config.Owner: of the farm's members, the
// one whose ID hashed with h is highest (rendezvous hashing, so every
// node with the same view picks the same one) downloads h for everyone,
// through its binary cache. Not with --no-cluster-trust, whose node
// does not take peers' keys on their word, nor for a member without a
// reachable API address or key.
func (n *Node) substitutionOwner(h [store.StorePathHashSize]byte) (string, nixsig.PublicKey, bool) {
	var none nixsig.PublicKey
	if n.farm == nil || n.cfg.NoClusterTrust {
		return "", none, false
	}
	var best []byte
	var addr, key string
	self := false
	for _, p := range n.farm.Snapshot().Peers {
		score := sha256.Sum256(append([]byte(p.ID), h[:]...))
		if best == nil || bytes.Compare(score[:], best) > 0 {
			best, addr, key, self = score[:], p.Meta.APIAddr, p.Meta.SigningKey, p.Self
		}
	}
	host, _, err := net.SplitHostPort(addr)
	if self || err != nil || key == "" || net.ParseIP(host).IsUnspecified() {
		return "", none, false
	}
	pk, err := nixsig.ParsePublicKey(key)
	if err != nil {
		return "", none, false
	}
	return "http://" + addr, pk, true
}

// directSubstitutions marks the requests of nodes that delegated a
// substitution here (see substituteDirectHeader).
func directSubstitutions(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get(substituteDirectHeader) != "" {
			r = r.WithContext(upstream.Direct(r.Context()))
		}
		h.ServeHTTP(w, r)
	})
}
