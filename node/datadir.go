package node

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/p2pnix/tvix/internal/atomicfile"
	"github.com/p2pnix/tvix/store/nixsig"
	"github.com/p2pnix/tvix/store/storeurl"
)

// The data directory of a node:
//
//	store/              the local store (bbolt database and packs), locked while the node runs
//	secret-key          the node's Nix signing key (name:base64, mode 0600), made on first start
//	public-key          its public half, for trusted-public-keys
//	p2p-identity.key    the libp2p host key (written by the p2p layer)
//	node.toml           optional configuration, same keys as the flags
//	tvix.sock           the API's unix socket while the node runs
//	log/<drv>           build logs (served at /log/<drv>)
//	uploads/            NARs PUT by `nix copy` waiting for their narinfo
const (
	SecretKeyName = "secret-key"
	PublicKeyName = "public-key"
	LogDirName    = "log"
	UploadDirName = "uploads"
)

// SocketName is the unix socket's name inside the data directory.
const SocketName = storeurl.NodeSocketName

// loadOrCreateKey reads the secret key file, creating it (with a key named
// after the host) when it does not exist, and keeps public-key in the data
// directory up to date.
func loadOrCreateKey(dataDir, path string) (nixsig.SecretKey, error) {
	b, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		host, _ := os.Hostname()
		if host == "" {
			host = "tvix-node"
		}
		sk, _, gerr := nixsig.GenerateKey(host + "-1")
		if gerr != nil {
			return sk, fmt.Errorf("signing key: %w", gerr)
		}
		if werr := atomicfile.WriteFile(path, []byte(sk.String()), 0o600); werr != nil {
			return sk, fmt.Errorf("signing key: %w", werr)
		}
		b, err = []byte(sk.String()), nil
	}
	if err != nil {
		return nixsig.SecretKey{}, fmt.Errorf("signing key: %w", err)
	}
	sk, err := nixsig.ParseSecretKey(string(b))
	if err != nil {
		return sk, fmt.Errorf("signing key %s: %w", path, err)
	}
	pub := []byte(sk.ToPublicKey().String() + "\n")
	pp := filepath.Join(dataDir, PublicKeyName)
	if old, err := os.ReadFile(pp); err != nil || strings.TrimSpace(string(old)) != strings.TrimSpace(string(pub)) {
		if err := atomicfile.WriteFile(pp, pub, 0o644); err != nil {
			return sk, fmt.Errorf("public key: %w", err)
		}
	}
	return sk, nil
}
