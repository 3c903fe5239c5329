package node

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strings"

	"github.com/p2pnix/tvix/internal/atomicfile"
	"github.com/p2pnix/tvix/internal/tvixhome"
	"github.com/p2pnix/tvix/store/nixsig"
)

// loadOrCreateKey reads the secret key file, creating it (with a key named
// after the host) when it does not exist, and keeps public-key in the data
// directory (see tvixhome) up to date.
func loadOrCreateKey(dataDir tvixhome.Dir, path string) (nixsig.SecretKey, error) {
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
	pp := dataDir.PublicKey()
	if old, err := os.ReadFile(pp); err != nil || strings.TrimSpace(string(old)) != strings.TrimSpace(string(pub)) {
		if err := atomicfile.WriteFile(pp, pub, 0o644); err != nil {
			return sk, fmt.Errorf("public key: %w", err)
		}
	}
	return sk, nil
}
