package derivation_test

import (
	"fmt"

	"github.com/p2pnix/tvix/store/derivation"
)

// Example shows what derivationStrict does with this package: complete a
// derivation built from attributes, remember its modulo hash, and build a
// dependent derivation on it. The paths are the ones nix-instantiate 2.8
// gives the same two derivations:
//
//	let src = derivation { name = "src"; system = "x86_64-linux"; builder = "/bin/sh";
//	      outputHash = "sha256-WxuL/+Rs7lGG1jz1Xqxo8xkFKBOhbqvW+FEqAwjtzR0="; outputHashMode = "recursive"; };
//	    app = derivation { name = "app"; system = "x86_64-linux"; builder = "/bin/sh";
//	      outputs = [ "out" "dev" ]; inherit src; };
//	in [ src.drvPath src.outPath app.drvPath app.dev.outPath ]
func Example() {
	h, err := derivation.NewHasher("/nix/store")
	if err != nil {
		panic(err)
	}
	memo := derivation.ModuloMap{}

	fh, err := derivation.ParseFixedHash("sha256-WxuL/+Rs7lGG1jz1Xqxo8xkFKBOhbqvW+FEqAwjtzR0=", "", "recursive")
	if err != nil {
		panic(err)
	}
	src := &derivation.Derivation{
		Name:     "src",
		Outputs:  map[string]derivation.Output{"out": fh.Output()},
		Platform: "x86_64-linux",
		Builder:  "/bin/sh",
		Env: map[string]string{
			"name": "src", "system": "x86_64-linux", "builder": "/bin/sh",
			"outputHash": "sha256-WxuL/+Rs7lGG1jz1Xqxo8xkFKBOhbqvW+FEqAwjtzR0=", "outputHashMode": "recursive",
		},
	}
	res, err := h.Instantiate(src, memo.Lookup)
	if err != nil {
		panic(err)
	}
	memo[res.DrvPath] = res.Modulo
	fmt.Println(res.DrvPath)
	fmt.Println(src.Outputs["out"].Path)

	app := &derivation.Derivation{
		Name:      "app",
		Outputs:   map[string]derivation.Output{"out": {}, "dev": {}},
		InputDrvs: map[string][]string{res.DrvPath: {"out"}},
		Platform:  "x86_64-linux",
		Builder:   "/bin/sh",
		Env: map[string]string{
			"name": "app", "system": "x86_64-linux", "builder": "/bin/sh",
			"outputs": "out dev", "src": src.Outputs["out"].Path,
		},
	}
	res, err = h.Instantiate(app, memo.Lookup)
	if err != nil {
		panic(err)
	}
	memo[res.DrvPath] = res.Modulo
	fmt.Println(res.DrvPath)
	fmt.Println(app.Env["dev"])

	_, err = derivation.ParseATerm("broken.drv", res.ATerm[:60])
	fmt.Println(err)
	// Output:
	// /nix/store/qm00812w6hh7imf0ipfq81iassksn17a-src.drv
	// /nix/store/mmshzyhb5ydd5hcnzx308qi85p6gqx3a-src
	// /nix/store/h7i06iqdb6204ggjh269vss8arwj0lrn-app.drv
	// /nix/store/g9yqq5rga4xsbkm8029v424my1098fd7-app-dev
	// broken.drv: byte 15: unterminated string
}
