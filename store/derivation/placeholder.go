package derivation

import (
	"crypto/sha256"

	"github.com/nix-community/go-nix/pkg/nixbase32"
)

// HashPlaceholder returns what builtins.placeholder returns for an output
// name: "/" followed by the nixbase32 sha256 of "nix-output:<name>". The
// builder replaces it with the output's real path.
func HashPlaceholder(outputName string) string {
	sum := sha256.Sum256([]byte("nix-output:" + outputName))
	return "/" + nixbase32.EncodeToString(sum[:])
}
