package nixdaemontest

import (
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/p2pnix/tvix/internal/nixtest"
)

// buildsExpr holds busybox derivations for builds through the daemon: a
// chain of three (a, b, c; a logs "building a"), a fan-out of three
// leaves into one, three outputs that refer to each other, a
// fixed-output derivation, one that fails with exit code 3 after
// logging "about to fail", and one (tick) that writes part of its output
// and then logs a line a second for two minutes. The busybox argument is the static busybox
// binary to use (a copy of it gives the same store path).
const buildsExpr = `
{ busybox ? /usr/bin/busybox }:
let inherit (import EXAMPLES/busybox.nix { inherit busybox; }) mkShell;
in rec {
  a = mkShell "remote-chain-a" "echo building a; echo I am a > $out" { };
  b = mkShell "remote-chain-b" "mkdir $out; cat ${a} > $out/copy; echo uses ${a} > $out/uses" { };
  c = mkShell "remote-chain-c" "mkdir $out; ln -s ${b}/uses $out/link; echo self $out > $out/self" { };
  leaves = builtins.genList (i: mkShell "remote-leaf-${toString i}" "echo leaf ${toString i} > $out" { }) 3;
  fan = mkShell "remote-fan" "mkdir $out; ${builtins.concatStringsSep "; " (map (l: "cat ${l} >> $out/all") leaves)}" { };
  multi = mkShell "remote-multi" ''
    mkdir $out $dev $lib
    echo "lib self $lib" > $lib/self
    echo "dev needs $lib" > $dev/needs
    echo "out needs $dev" > $out/needs
  '' { outputs = [ "out" "dev" "lib" ]; };
  fod = mkShell "remote-fod" "printf 'fixed content\n' > $out" {
    outputHashMode = "flat";
    outputHashAlgo = "sha256";
    outputHash = "adcf791ae2803c0c10f0dab9c430c39ac580bf95d6a834a248f4dedd72c69665";
  };
  fail = mkShell "remote-fail" "echo about to fail; exit 3" { };
  tick = mkShell "remote-tick" "mkdir $out; echo partial > $out/partial; for i in $(seq 120); do echo tick $i; sleep 1; done" { };
}
`

// WriteBuildsExpr writes the test derivations (see buildsExpr) to a file
// under dir and returns its path. They need Debian's static busybox; a
// copy of it is at dir/busybox/busybox for clients that do not see the
// host's /usr/bin (--arg busybox that path).
func WriteBuildsExpr(t testing.TB, dir string) string {
	t.Helper()
	if _, err := os.Stat("/usr/bin/busybox"); err != nil {
		nixtest.Unavailable(t, "no /usr/bin/busybox (make deps installs busybox-static)")
	}
	b, err := os.ReadFile("/usr/bin/busybox")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Join(dir, "busybox"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "busybox", "busybox"), b, 0o755); err != nil {
		t.Fatal(err)
	}
	_, file, _, _ := runtime.Caller(0)
	examples := filepath.Join(filepath.Dir(file), "..", "..", "..", "examples")
	expr := filepath.Join(dir, "builds.nix")
	if err := os.WriteFile(expr, []byte(strings.ReplaceAll(buildsExpr, "EXAMPLES", examples)), 0o644); err != nil {
		t.Fatal(err)
	}
	return expr
}
