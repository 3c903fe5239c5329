package p2p

import (
	"crypto/ed25519"
	"crypto/hkdf"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"fmt"

	"github.com/p2pnix/tvix/store/nixsig"
)

// ClusterKeyPrefix starts the name of every cluster signing key.
const ClusterKeyPrefix = "tvix-cluster-"

// clusterKeyInfo is the HKDF label that separates the signing key from
// the pnet stream key, which uses the PSK itself.
const clusterKeyInfo = "tvix cluster signing key v1"

// ClusterKey is the Nix signing key every holder of k derives alike: an
// ed25519 key whose seed is HKDF-SHA256 of k under a fixed label, named
// ClusterKeyPrefix and the first 8 hex digits of the sha256 of its public
// half. Nodes sharing k sign with it and trust it, so a path signed by a
// member that has left stays usable; a new PSK gives an unrelated key.
func (k PSK) ClusterKey() nixsig.SecretKey {
	seed, err := hkdf.Key(sha256.New, k[:], nil, clusterKeyInfo, ed25519.SeedSize)
	if err != nil {
		panic("p2p: hkdf: " + err.Error()) // cannot fail for 32 bytes
	}
	priv := ed25519.NewKeyFromSeed(seed)
	sum := sha256.Sum256(priv.Public().(ed25519.PublicKey))
	name := ClusterKeyPrefix + hex.EncodeToString(sum[:4])
	sk, err := nixsig.ParseSecretKey(name + ":" + base64.StdEncoding.EncodeToString(priv))
	if err != nil {
		panic(fmt.Sprintf("p2p: cluster key: %v", err)) // a well-formed key
	}
	return sk
}
