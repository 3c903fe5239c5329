package p2p

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/libp2p/go-libp2p/core/pnet"
	"github.com/p2pnix/tvix/store/nixsig"
)

func TestPSKRoundTrip(t *testing.T) {
	k, err := NewPSK()
	if err != nil {
		t.Fatal(err)
	}
	text := k.Format()
	if !bytes.HasPrefix(text, []byte("/key/swarm/psk/1.0.0/\n/base16/\n")) || len(text) != 22+9+65 {
		t.Fatalf("format: %q", text)
	}
	got, err := ParsePSK(text)
	if err != nil || got != k {
		t.Fatalf("parse(format(k)) = %x, %v; want %x", got, err, k)
	}
	// libp2p's own decoder reads what we write.
	lk, err := pnet.DecodeV1PSK(bytes.NewReader(text))
	if err != nil || !bytes.Equal(lk, k[:]) {
		t.Fatalf("libp2p decoder: %x, %v", lk, err)
	}
	k2, _ := NewPSK()
	if k2 == k {
		t.Fatal("two generated keys are equal")
	}
}

func TestParsePSK(t *testing.T) {
	hex64 := strings.Repeat("0f", 32)
	for _, tc := range []struct {
		in, err string
	}{
		{"/key/swarm/psk/1.0.0/\n/base16/\n" + hex64 + "\n", ""},
		{"/key/swarm/psk/1.0.0/\r\n/base16/\r\n" + hex64 + "\r\n", ""},
		{"/key/swarm/psk/1.0.0/\n/base16/\n" + hex64, ""},
		{"", "want 3 lines"},
		{"/key/swarm/psk/1.0.0/\n/base16/\n" + hex64 + "\nextra\n", "want 3 lines"},
		{"/key/swarm/psk/2.0.0/\n/base16/\n" + hex64 + "\n", "line 1"},
		{"/key/swarm/psk/1.0.0/\n/base64/\n" + hex64 + "\n", "line 2"},
		{"/key/swarm/psk/1.0.0/\n/base16/\n" + hex64[:62] + "\n", "line 3: want 64 hex digits"},
		{"/key/swarm/psk/1.0.0/\n/base16/\n" + hex64 + "00\n", "line 3: want 64 hex digits"},
		{"/key/swarm/psk/1.0.0/\n/base16/\n" + "zz" + hex64[2:] + "\n", "line 3: encoding/hex"},
	} {
		k, err := ParsePSK([]byte(tc.in))
		switch {
		case tc.err == "" && err != nil:
			t.Errorf("%q: %v", tc.in, err)
		case tc.err == "" && k[0] != 0x0f:
			t.Errorf("%q: key %x", tc.in, k)
		case tc.err != "" && (err == nil || !strings.Contains(err.Error(), tc.err)):
			t.Errorf("%q: error %v, want one containing %q", tc.in, err, tc.err)
		}
	}
}

func TestReadPSKFile(t *testing.T) {
	dir := t.TempDir()
	k, _ := NewPSK()
	p := filepath.Join(dir, "swarm.key")
	os.WriteFile(p, k.Format(), 0o600)
	if got, err := ReadPSKFile(p); err != nil || got != k {
		t.Fatalf("read: %x, %v", got, err)
	}
	os.WriteFile(p, []byte("garbage\n"), 0o600)
	if _, err := ReadPSKFile(p); err == nil || !strings.Contains(err.Error(), p) {
		t.Fatalf("garbage file: %v, want an error naming the file", err)
	}
	if _, err := ReadPSKFile(filepath.Join(dir, "missing")); err == nil {
		t.Fatal("missing file accepted")
	}
}

func TestIdentityPersists(t *testing.T) {
	dir := t.TempDir()
	k1, err := LoadOrCreateIdentity(dir)
	if err != nil {
		t.Fatal(err)
	}
	k2, err := LoadOrCreateIdentity(dir)
	if err != nil {
		t.Fatal(err)
	}
	if !k1.Equals(k2) {
		t.Fatal("second load returned another key")
	}
	fi, err := os.Stat(filepath.Join(dir, IdentityFileName))
	if err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("key file: %v, mode %v", err, fi.Mode())
	}
	os.WriteFile(filepath.Join(dir, IdentityFileName), []byte("not a key"), 0o600)
	if _, err := LoadOrCreateIdentity(dir); err == nil {
		t.Fatal("corrupt key file accepted")
	}
	if b, _ := os.ReadFile(filepath.Join(dir, IdentityFileName)); string(b) != "not a key" {
		t.Fatal("corrupt key file was replaced")
	}
}

// TestClusterKey: the key is a function of the PSK alone (the same on
// every node and across versions: the recorded vector), a fresh PSK gives
// another, and its signatures verify under its public key's text form.
func TestClusterKey(t *testing.T) {
	var zero PSK
	// Recorded once; Python's cryptography (HKDF, Ed25519) gives the same.
	const want = "tvix-cluster-0443917e:S/bdOhmMwvVfYZFS4W7NTcbQ6D7lJloDrHuVWuauCm4="
	if got := zero.ClusterKey().ToPublicKey().String(); got != want {
		t.Errorf("cluster key of the all-zero PSK: %s, want %s", got, want)
	}
	k, _ := NewPSK()
	a, b := k.ClusterKey(), k.ClusterKey()
	if a.String() != b.String() {
		t.Fatalf("two derivations differ: %s, %s", a, b)
	}
	other, _ := NewPSK()
	if other.ClusterKey().ToPublicKey().String() == a.ToPublicKey().String() {
		t.Fatal("two PSKs give the same cluster key")
	}
	pub, err := nixsig.ParsePublicKey(a.ToPublicKey().String())
	if err != nil {
		t.Fatal(err)
	}
	sig, err := a.Sign(nil, "1;/nix/store/x")
	if err != nil || !pub.Verify("1;/nix/store/x", sig) || !strings.HasPrefix(sig.Name, ClusterKeyPrefix) {
		t.Fatalf("signature %v (%v) does not verify under %s", sig, err, pub)
	}
}
