package p2p

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/libp2p/go-libp2p/core/crypto"

	"github.com/p2pnix/tvix/internal/atomicfile"
	"github.com/p2pnix/tvix/internal/tvixhome"
)

// IdentityFileName is the name of the host key inside a data directory.
const IdentityFileName = tvixhome.P2PIdentityName

// LoadOrCreateIdentity returns the ed25519 host key stored in
// dir/IdentityFileName, creating (and fsyncing) a new one when the file
// does not exist. The file holds libp2p's protobuf encoding of the key and
// is readable by the owner only. A file that exists but does not hold an
// ed25519 key is an error, never replaced.
func LoadOrCreateIdentity(dir string) (crypto.PrivKey, error) {
	path := filepath.Join(dir, IdentityFileName)
	b, err := os.ReadFile(path)
	if err == nil {
		sk, err := crypto.UnmarshalPrivateKey(b)
		if err != nil {
			return nil, fmt.Errorf("identity %s: %w", path, err)
		}
		if sk.Type() != crypto.Ed25519 {
			return nil, fmt.Errorf("identity %s: key type %v, want Ed25519", path, sk.Type())
		}
		return sk, nil
	}
	if !errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("identity: %w", err)
	}
	sk, _, err := crypto.GenerateEd25519Key(nil)
	if err != nil {
		return nil, fmt.Errorf("identity: generate: %w", err)
	}
	b, err = crypto.MarshalPrivateKey(sk)
	if err != nil {
		return nil, fmt.Errorf("identity: %w", err)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("identity: %w", err)
	}
	if err := atomicfile.WriteFile(path, b, 0o600); err != nil {
		return nil, fmt.Errorf("identity: %w", err)
	}
	return sk, nil
}
