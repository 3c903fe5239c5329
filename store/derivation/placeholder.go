package derivation

import (
	"crypto/sha256"
	"strings"

	"github.com/nix-community/go-nix/pkg/nixbase32"
	"github.com/p2pnix/tvix/store/nixpath"
)

// HashPlaceholder returns what builtins.placeholder returns for an output
// name: "/" followed by the nixbase32 sha256 of "nix-output:<name>". The
// builder replaces it with the output's real path.
func HashPlaceholder(outputName string) string {
	sum := sha256.Sum256([]byte("nix-output:" + outputName))
	return "/" + nixbase32.EncodeToString(sum[:])
}

// DownstreamPlaceholder returns the string that stands for output
// outputName of the derivation at drvPath in dependents whose paths are
// not yet known (content-addressed inputs): "/" followed by the nixbase32
// sha256 of "nix-upstream-output:<drv hash part>:<output path name>".
func DownstreamPlaceholder(drvPath, outputName string) (string, error) {
	name, err := NameFromDrvPath(drvPath)
	if err != nil {
		return "", err
	}
	base := drvPath[strings.LastIndexByte(drvPath, '/')+1:]
	sum := sha256.Sum256([]byte("nix-upstream-output:" + base[:nixpath.EncodedHashLen] + ":" + OutputPathName(name, outputName)))
	return "/" + nixbase32.EncodeToString(sum[:]), nil
}
