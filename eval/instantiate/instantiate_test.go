package instantiate

import (
	"bytes"
	"context"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/p2pnix/tvix/store/nixpath"
	"github.com/p2pnix/tvix/store/storeurl"
)

// closedPort returns a loopback address nothing listens on.
func closedPort(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	return addr
}

const testDrv = `derivation { name = "w"; system = "x86_64-linux"; builder = "/bin/sh"; src = builtins.toFile "s" "x"; }`

// TestRunPrintsOnlyWrittenDrvs: when the .drv closure cannot be written
// (the store's node is down), tvix instantiate prints no drv path and
// fails with one line naming the store and the cause.
func TestRunPrintsOnlyWrittenDrvs(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	url := "grpc+http://" + closedPort(t)
	o := &Options{FromExpr: true, Files: []string{testDrv}, StoreURL: url}
	var out, stderr bytes.Buffer
	err := Run(ctx, o, nil, &out, &stderr)
	if err == nil {
		t.Fatalf("Run succeeded with store %s down: %q", url, out.String())
	}
	if out.Len() > 0 {
		t.Errorf("printed %q although nothing was written", out.String())
	}
	msg := err.Error()
	if _, ok := err.(*Failure); !ok || strings.Contains(msg, "\n") || !strings.HasPrefix(msg, "error: cannot write to store '"+url+"': ") || !strings.Contains(msg, "connection refused") {
		t.Errorf("error %T %q: want one line naming %s and the cause", err, msg, url)
	}
}

// TestRunWritesBeforeEvalError: derivations instantiated before an
// evaluation error are written and printed (as nix-instantiate has by
// then), and the error is returned.
func TestRunWritesBeforeEvalError(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	url := "local:" + t.TempDir()
	o := &Options{FromExpr: true, Files: []string{testDrv, `throw "late"`}, StoreURL: url}
	var out, stderr bytes.Buffer
	err := Run(ctx, o, nil, &out, &stderr)
	if err == nil || !strings.Contains(err.Error(), "late") {
		t.Fatalf("Run: %v, want the throw", err)
	}
	drv := strings.TrimSpace(out.String())
	sp, perr := nixpath.DefaultStoreDir.Parse(drv)
	if perr != nil {
		t.Fatalf("printed %q: %v", out.String(), perr)
	}
	st, err := storeurl.Open(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	if st.Close != nil {
		defer st.Close()
	}
	if _, err := st.PathInfos.Get(ctx, sp.Hash); err != nil {
		t.Errorf("%s printed but not in the store: %v", drv, err)
	}
}

// TestRunRegistersClosure: everything an instantiation made (a source
// file, a toFile text and the .drv files of a derivation and of the one
// it depends on) is registered in the target store, which finds it after
// being reopened, with the references of each .drv.
func TestRunRegistersClosure(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	dir := t.TempDir()
	src := filepath.Join(dir, "script.sh")
	if err := os.WriteFile(src, []byte("echo hi\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	expr := `let
	  dep = derivation { name = "dep"; system = "x86_64-linux"; builder = "/bin/sh"; args = [ ` + src + ` ]; };
	in derivation { name = "top"; system = "x86_64-linux"; builder = "/bin/sh"; inherit dep; t = builtins.toFile "t" "x"; }`
	url := "local:" + filepath.Join(dir, "store")
	o := &Options{FromExpr: true, Files: []string{expr}, StoreURL: url}
	var out, stderr bytes.Buffer
	if err := Run(ctx, o, nil, &out, &stderr); err != nil {
		t.Fatalf("Run: %v: %s", err, stderr.String())
	}
	st, err := storeurl.Open(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	if st.Close != nil {
		defer st.Close()
	}
	top := strings.TrimSpace(out.String())
	sp, err := nixpath.DefaultStoreDir.Parse(top)
	if err != nil {
		t.Fatalf("printed %q: %v", out.String(), err)
	}
	info, err := st.PathInfos.Get(ctx, sp.Hash)
	if err != nil {
		t.Fatalf("%s printed but not in the store: %v", top, err)
	}
	names := info.GetNarinfo().GetReferenceNames()
	if len(names) != 2 {
		t.Fatalf("%s has references %q, want the dep .drv and the toFile text", top, names)
	}
	var depDrv string
	for _, n := range names {
		if _, err := st.PathInfos.Get(ctx, mustParseBase(t, n).Hash); err != nil {
			t.Errorf("reference %s of %s not in the store: %v", n, top, err)
		}
		if strings.HasSuffix(n, "-dep.drv") {
			depDrv = n
		}
	}
	if depDrv == "" {
		t.Fatalf("%s has references %q, want a dep .drv", top, names)
	}
	dinfo, err := st.PathInfos.Get(ctx, mustParseBase(t, depDrv).Hash)
	if err != nil {
		t.Fatal(err)
	}
	srcs := dinfo.GetNarinfo().GetReferenceNames()
	if len(srcs) != 1 || !strings.HasSuffix(srcs[0], "-script.sh") {
		t.Fatalf("%s has references %q, want the script", depDrv, srcs)
	}
	if _, err := st.PathInfos.Get(ctx, mustParseBase(t, srcs[0]).Hash); err != nil {
		t.Errorf("source %s not in the store: %v", srcs[0], err)
	}
}

func mustParseBase(t *testing.T, base string) nixpath.StorePath {
	t.Helper()
	sp, err := nixpath.DefaultStoreDir.Parse(string(nixpath.DefaultStoreDir) + "/" + base)
	if err != nil {
		t.Fatal(err)
	}
	return sp
}
