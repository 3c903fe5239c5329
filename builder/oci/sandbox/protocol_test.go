package sandbox

import (
	"errors"
	"io"
	"os"
	"testing"

	"github.com/opencontainers/runc/libcontainer/configs"

	"github.com/p2pnix/tvix/internal/nixtest"
)

// TestSendReceive: a message and the files passed with it arrive whole.
func TestSendReceive(t *testing.T) {
	a, b, err := socketPair()
	if err != nil {
		t.Fatal(err)
	}
	ca, err := unixConn(a)
	if err != nil {
		t.Fatal(err)
	}
	defer ca.Close()
	cb, err := unixConn(b)
	if err != nil {
		t.Fatal(err)
	}
	defer cb.Close()
	pr, pw, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer pr.Close()
	want := &message{Op: "run", ID: "tvix-1", Config: "/x.json", Spec: &Spec{Args: []string{"sh"}, UID: 1000, GID: 100, Cwd: "/build"}}
	if err := send(ca, want, os.Stdin, pw); err != nil {
		t.Fatal(err)
	}
	pw.Close()
	got, files, err := newReceiver(cb).next()
	if err != nil {
		t.Fatal(err)
	}
	defer closeAll(files)
	if got.Op != want.Op || got.ID != want.ID || got.Config != want.Config || got.Spec == nil || got.Spec.Cwd != "/build" || got.Spec.UID != 1000 {
		t.Errorf("received %+v (spec %+v), sent %+v", got, got.Spec, want)
	}
	if len(files) != 2 {
		t.Fatalf("received %d files, want 2", len(files))
	}
	files[1].WriteString("through")
	files[1].Close()
	if b, _ := io.ReadAll(pr); string(b) != "through" {
		t.Errorf("the passed pipe carried %q", b)
	}
}

// TestHelperGone: a helper that exits at once fails the run with
// ErrHelperGone.
func TestHelperGone(t *testing.T) {
	nixtest.RequireRoot(t) // the helper starts in a mount namespace of its own
	h := Helper("/bin/false", t.TempDir())
	_, err := h.Start("tvix-1", &configs.Config{}, Spec{Args: []string{"true"}}, os.Stdin, os.Stdout)
	if !errors.Is(err, ErrHelperGone) {
		t.Fatalf("err = %v, want ErrHelperGone", err)
	}
	if err := h.(io.Closer).Close(); err != nil {
		t.Fatal(err)
	}
}

// FuzzReceive: any datagram is a message or an error, never a panic.
func FuzzReceive(f *testing.F) {
	f.Add([]byte(`{"op":"exited","id":"tvix-1","status":256}`))
	f.Add([]byte(`{"op":"run","spec":{"args":["sh"]}}`))
	f.Add([]byte(`{`))
	a, b, err := socketPair()
	if err != nil {
		f.Fatal(err)
	}
	ca, err := unixConn(a)
	if err != nil {
		f.Fatal(err)
	}
	defer ca.Close()
	cb, err := unixConn(b)
	if err != nil {
		f.Fatal(err)
	}
	defer cb.Close()
	r := newReceiver(cb)
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) == 0 || len(data) > 4096 {
			return // an empty datagram reads as end of stream
		}
		if _, _, err := ca.WriteMsgUnix(data, nil, nil); err != nil {
			t.Fatal(err)
		}
		m, files, err := r.next()
		closeAll(files)
		if err == nil && m == nil {
			t.Fatal("no message and no error")
		}
	})
}
