package nixdaemon_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"strings"
	"testing"

	"github.com/nix-community/go-nix/pkg/wire"
	"github.com/p2pnix/tvix/node/nixdaemon"
	"github.com/p2pnix/tvix/proto/storev1"
	"github.com/p2pnix/tvix/store"
)

// session is a client's side of a whole session, written in advance.
type session struct{ bytes.Buffer }

func newSession(v nixdaemon.Version) *session {
	s := &session{}
	s.u64(nixdaemon.ClientMagic)
	s.u64(uint64(v))
	s.u64(0) // no CPU affinity
	s.u64(0) // reserve space
	return s
}

func (s *session) u64(v uint64) { wire.WriteUint64(s, v) }
func (s *session) str(v string) { wire.WriteString(s, v) }

// addToStoreNar writes an AddToStoreNar of path with nar in one frame,
// declaring narHash (hex sha256) and size.
func (s *session) addToStoreNar(path, narHash string, size uint64, nar []byte) {
	s.u64(uint64(nixdaemon.OpAddToStoreNar))
	s.str(path)
	s.str("") // deriver
	s.str(narHash)
	s.u64(0) // references
	s.u64(0) // registration time
	s.u64(size)
	s.u64(0)  // ultimate
	s.u64(0)  // sigs
	s.str("") // ca
	s.u64(0)  // repair
	s.u64(0)  // dontCheckSigs
	s.u64(uint64(len(nar)))
	s.Write(nar)
	s.u64(0)
}

// tinyNAR is the NAR of a regular file holding "hi\n", and its sha256.
var tinyNAR = func() []byte {
	var b bytes.Buffer
	for _, s := range []string{"nix-archive-1", "(", "type", "regular", "contents", "hi\n", ")"} {
		wire.WriteString(&b, s)
	}
	return b.Bytes()
}()

var tinyNARHash = func() string { sum := sha256.Sum256(tinyNAR); return hex.EncodeToString(sum[:]) }()

const (
	wrongNARHash = "ec2a3b6b0e6f8ed31b8f8c1e69e6ee8ee1b4b4a14f04e1c1d5d0bb38ed0a5a4a"
	tinyPath     = "/nix/store/00000000000000000000000000000000-tiny"
)

func serve(t *testing.T, st *store.Store, in []byte) ([]byte, error) {
	t.Helper()
	srv, err := nixdaemon.New(nixdaemon.Config{Store: st})
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	err = srv.ServeConn(context.Background(), bytes.NewReader(in), &out)
	return out.Bytes(), err
}

// TestTruncatedAddToStoreNar: a stream that ends inside the NAR's frame
// ends the session with ErrMalformed and registers nothing.
func TestTruncatedAddToStoreNar(t *testing.T) {
	full := newSession(nixdaemon.ServerVersion)
	full.addToStoreNar(tinyPath, tinyNARHash, uint64(len(tinyNAR)), tinyNAR)
	for cut := full.Len() - 1; cut > full.Len()-len(tinyNAR)-40; cut -= 7 {
		st := store.NewMemoryStore()
		_, err := serve(t, st, full.Bytes()[:cut])
		if !errors.Is(err, nixdaemon.ErrMalformed) {
			t.Errorf("cut at %d: %v, want ErrMalformed", cut, err)
		}
		if n := numPaths(t, st); n != 0 {
			t.Errorf("cut at %d: %d paths registered", cut, n)
		}
	}
}

// TestAddToStoreNarHashMismatch: a whole NAR whose hash is not the one
// declared gets an error on the protocol, the session goes on, and
// nothing is registered.
func TestAddToStoreNarHashMismatch(t *testing.T) {
	s := newSession(nixdaemon.ServerVersion)
	s.addToStoreNar(tinyPath, wrongNARHash, uint64(len(tinyNAR)), tinyNAR)
	s.u64(uint64(nixdaemon.OpIsValidPath))
	s.str(tinyPath)
	st := store.NewMemoryStore()
	out, err := serve(t, st, s.Bytes())
	if err != nil {
		t.Fatalf("session: %v", err)
	}
	if !bytes.Contains(out, []byte("hash mismatch importing path '"+tinyPath+"'")) {
		t.Errorf("no hash mismatch error in the reply %q", out)
	}
	if n := numPaths(t, st); n != 0 {
		t.Errorf("%d paths registered", n)
	}
	// The IsValidPath after it was answered: STDERR_LAST and false.
	tail := out[len(out)-16:]
	if v, _ := wire.ReadUint64(bytes.NewReader(tail)); v != 0x616c7473 {
		t.Errorf("IsValidPath after the error: reply ends %x", tail)
	}
}

// TestAddToStoreNarThenRead: a NAR added with its right hash is valid and
// comes back byte for byte, in every client version's format.
func TestAddToStoreNarThenRead(t *testing.T) {
	for _, v := range []nixdaemon.Version{1<<8 | 23, 1<<8 | 34, 1<<8 | 37} {
		s := newSession(v)
		s.addToStoreNar(tinyPath, tinyNARHash, uint64(len(tinyNAR)), tinyNAR)
		s.u64(uint64(nixdaemon.OpNarFromPath))
		s.str(tinyPath)
		st := store.NewMemoryStore()
		out, err := serve(t, st, s.Bytes())
		if err != nil {
			t.Fatalf("client %v: %v", v, err)
		}
		if n := numPaths(t, st); n != 1 {
			t.Errorf("client %v: %d paths registered", v, n)
		}
		if !bytes.HasSuffix(out, tinyNAR) {
			t.Errorf("client %v: NarFromPath did not send the NAR: %q", v, out)
		}
	}
}

// TestUnknownOperation: an unknown operation gets Nix's "invalid
// operation" error before the connection closes.
func TestUnknownOperation(t *testing.T) {
	for _, v := range []nixdaemon.Version{1<<8 | 25, 1<<8 | 34, 1<<8 | 37} {
		s := newSession(v)
		s.u64(999)
		out, err := serve(t, store.NewMemoryStore(), s.Bytes())
		if !errors.Is(err, nixdaemon.ErrMalformed) {
			t.Errorf("client %v: %v, want ErrMalformed", v, err)
		}
		if !bytes.Contains(out, []byte("invalid operation 999")) {
			t.Errorf("client %v: no error on the protocol: %q", v, out)
		}
	}
}

func numPaths(t *testing.T, st *store.Store) int {
	t.Helper()
	n := 0
	if err := st.PathInfos.List(context.Background(), func(*storev1.PathInfo) error { n++; return nil }); err != nil {
		t.Fatal(err)
	}
	return n
}

// FuzzServeConn feeds arbitrary client bytes to a session: it must end
// (with or without an error) and never panic or hang.
func FuzzServeConn(f *testing.F) {
	for _, v := range []nixdaemon.Version{1<<8 | 23, 1<<8 | 34, 1<<8 | 37} {
		s := newSession(v)
		s.addToStoreNar(tinyPath, tinyNARHash, uint64(len(tinyNAR)), tinyNAR)
		s.u64(uint64(nixdaemon.OpQueryPathInfo))
		s.str(tinyPath)
		s.u64(uint64(nixdaemon.OpQueryValidPaths))
		s.u64(1)
		s.str(tinyPath)
		s.u64(0)
		s.u64(uint64(nixdaemon.OpNarFromPath))
		s.str(tinyPath)
		f.Add(s.Bytes())

		// Lookups, roots and signatures on the path just added.
		s = newSession(v)
		s.addToStoreNar(tinyPath, tinyNARHash, uint64(len(tinyNAR)), tinyNAR)
		s.u64(uint64(nixdaemon.OpQueryPathFromHashPart))
		s.str("00000000000000000000000000000000")
		s.u64(uint64(nixdaemon.OpAddTempRoot))
		s.str(tinyPath)
		s.u64(uint64(nixdaemon.OpAddSignatures))
		s.str(tinyPath)
		s.u64(1)
		s.str("cache.example.org-1:" + strings.Repeat("A", 86) + "==") // 64 zero bytes
		s.u64(uint64(nixdaemon.OpQueryMissing))
		s.u64(2)
		s.str(tinyPath)
		s.str("/nix/store/00000000000000000000000000000000-x.drv!out")
		s.u64(uint64(nixdaemon.OpQueryReferrers))
		s.str(tinyPath)
		f.Add(s.Bytes())
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		srv, err := nixdaemon.New(nixdaemon.Config{Store: store.NewMemoryStore()})
		if err != nil {
			t.Fatal(err)
		}
		srv.ServeConn(context.Background(), bytes.NewReader(in), io.Discard)
	})
}
