package p2p

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"time"

	"github.com/libp2p/go-libp2p/core/network"
	"github.com/libp2p/go-libp2p/core/peer"
	ma "github.com/multiformats/go-multiaddr"
	"github.com/p2pnix/tvix/store/nixsig"
)

// keyTimeout bounds asking one peer for its signing key.
const keyTimeout = 10 * time.Second

// maxKeyLine bounds a signing key line ("name:base64" of 32 bytes).
const maxKeyLine = 1024

// clusterTrust reports whether the PSK's cluster key is trusted.
func (n *Node) clusterTrust() bool { return n.cfg.PSK != nil && !n.cfg.NoClusterTrust }

// serveKey answers KeyProtocol with this node's signing public key.
func (n *Node) serveKey(s network.Stream) {
	defer s.Close()
	if n.cfg.SigningKey != nil {
		fmt.Fprintln(s, n.cfg.SigningKey.String())
	}
}

// learnKey asks peer id for its signing key and records it.
func (n *Node) learnKey(id peer.ID) {
	ctx, cancel := context.WithTimeout(n.ctx, keyTimeout)
	defer cancel()
	s, err := n.host.NewStream(ctx, id, KeyProtocol)
	if err != nil {
		return // an older or foreign peer: nothing to learn
	}
	defer s.Close()
	s.SetReadDeadline(time.Now().Add(keyTimeout))
	line, err := bufio.NewReader(io.LimitReader(s, maxKeyLine)).ReadString('\n')
	if err != nil {
		return // no key configured there
	}
	k, err := nixsig.ParsePublicKey(line)
	if err != nil {
		fmt.Fprintf(n.cfg.Log, "p2p: peer %s announced a bad signing key: %v\n", id, err)
		return
	}
	n.scoreMu.Lock()
	n.peerKeys[id] = k
	n.scoreMu.Unlock()
}

// trustedKeys returns the keys a PathInfo from a peer may be signed by:
// TrustedKeys, and in a private network the cluster key of its PSK. The
// keys peers announce are not among them: a path signed only by a member
// that has left must stay usable, and one that was expelled (the PSK
// rotated) must not sign for the cluster any more.
func (n *Node) trustedKeys() []nixsig.PublicKey {
	keys := append([]nixsig.PublicKey(nil), n.cfg.TrustedKeys...)
	if n.clusterTrust() {
		keys = append(keys, n.cfg.PSK.ClusterKey().ToPublicKey())
	}
	return keys
}

// PeerKeys returns the signing keys peers announced, by peer (shown in
// tvix cluster peers; not trusted for that).
func (n *Node) PeerKeys() map[peer.ID]string {
	n.scoreMu.Lock()
	defer n.scoreMu.Unlock()
	out := make(map[peer.ID]string, len(n.peerKeys))
	for id, k := range n.peerKeys {
		out[id] = k.String()
	}
	return out
}

// keyNotifee learns the signing key of every peer that connects.
type keyNotifee struct{ n *Node }

func (k keyNotifee) Connected(_ network.Network, c network.Conn) {
	id := c.RemotePeer()
	k.n.scoreMu.Lock()
	_, known := k.n.peerKeys[id]
	k.n.scoreMu.Unlock()
	if !known {
		k.n.goBackground(func() { k.n.learnKey(id) })
	}
}

func (keyNotifee) Disconnected(network.Network, network.Conn) {}
func (keyNotifee) Listen(network.Network, ma.Multiaddr)       {}
func (keyNotifee) ListenClose(network.Network, ma.Multiaddr)  {}
