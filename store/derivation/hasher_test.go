package derivation

import (
	"crypto/sha256"
	"strings"
	"testing"

	"github.com/nix-community/go-nix/pkg/nixhash"
	"github.com/p2pnix/tvix/store/nixpath"
)

// TestAgreesWithNixpath checks the Hasher's buffer-reusing store path code
// against store/nixpath's general one (both are checked against Nix on
// their own), on every recorded derivation in both store directories.
func TestAgreesWithNixpath(t *testing.T) {
	algos := map[string]nixhash.Algorithm{"md5": nixhash.MD5, "sha1": nixhash.SHA1, "sha256": nixhash.SHA256, "sha512": nixhash.SHA512}
	n := 0
	for _, st := range oracleStores {
		h, err := NewHasher(st.dir)
		if err != nil {
			t.Fatal(err)
		}
		dir := nixpath.StoreDir(st.dir)
		for _, expr := range corpusExprs(t) {
			g := loadGolden(t, st.tag, expr)
			for p, data := range g.drvs {
				d, err := ParseATerm(p, data)
				if err != nil {
					t.Fatal(err)
				}
				refs := append([]string(nil), d.InputSrcs...)
				for in := range d.InputDrvs {
					refs = append(refs, in)
				}
				want, err := dir.MakeTextPath(d.Name+".drv", sha256.Sum256(data), refs)
				if err != nil {
					t.Fatal(err)
				}
				if got, err := h.DrvPath(d); err != nil || got != dir.Absolute(want) {
					t.Errorf("%s: DrvPath %s, %v; nixpath %s", p, got, err, dir.Absolute(want))
				}
				if !d.IsFixedOutput() {
					continue
				}
				o := d.Outputs["out"]
				algo, recursive := strings.CutPrefix(o.HashAlgo, "r:")
				mode, method := "flat", nixpath.Flat
				if recursive {
					mode, method = "recursive", nixpath.Recursive
				}
				fh, err := ParseFixedHash(o.Hash, algo, mode)
				if err != nil {
					t.Fatal(err)
				}
				nh, err := nixhash.NewHash(algos[fh.Algo], fh.Digest)
				if err != nil {
					t.Fatal(err)
				}
				want, err = dir.MakeFixedOutputPath(method, nh, d.Name, nil, false)
				if err != nil {
					t.Fatal(err)
				}
				if got, err := h.FixedOutputPath(d.Name, fh); err != nil || got != dir.Absolute(want) || got != o.Path {
					t.Errorf("%s: FixedOutputPath %s, %v; nixpath %s; Nix %s", p, got, err, dir.Absolute(want), o.Path)
				}
				n++
			}
		}
	}
	if n == 0 {
		t.Error("no fixed-output derivations in the corpus")
	}
}
