package upstream

import (
	"bytes"
	"encoding/hex"
	"errors"
	"io"
	"testing"

	"github.com/klauspost/compress/zstd"
	"github.com/p2pnix/tvix/internal/xzguard"
	"github.com/ulikunitz/xz"
)

func compress(t testing.TB, kind string, data []byte) []byte {
	var b bytes.Buffer
	switch kind {
	case "xz":
		w, err := xz.NewWriter(&b)
		if err != nil {
			t.Fatal(err)
		}
		w.Write(data)
		w.Close()
	case "zstd":
		w, err := zstd.NewWriter(&b)
		if err != nil {
			t.Fatal(err)
		}
		w.Write(data)
		w.Close()
	default:
		b.Write(data)
	}
	return b.Bytes()
}

func TestDecompressRoundTrip(t *testing.T) {
	data := bytes.Repeat([]byte("some nar bytes "), 1000)
	for _, kind := range []string{"none", "xz", "zstd"} {
		r, err := Decompress(kind, bytes.NewReader(compress(t, kind, data)), Bounds{MaxSize: uint64(len(data))})
		if err != nil {
			t.Fatal(err)
		}
		got, err := io.ReadAll(r)
		if err != nil || !bytes.Equal(got, data) {
			t.Fatalf("%s: %d bytes, %v", kind, len(got), err)
		}
	}
}

// TestDecompressBomb: zeros expanding beyond the ratio, or beyond the
// announced size, are cut off with ErrTooLarge.
func TestDecompressBomb(t *testing.T) {
	zeros := make([]byte, 64<<20)
	for _, kind := range []string{"xz", "zstd"} {
		packed := compress(t, kind, zeros)
		r, _ := Decompress(kind, bytes.NewReader(packed), Bounds{MaxSize: uint64(len(zeros)), MaxRatio: 100})
		if _, err := io.Copy(io.Discard, r); !errors.Is(err, ErrTooLarge) {
			t.Errorf("%s ratio: %v", kind, err)
		}
		r, _ = Decompress(kind, bytes.NewReader(packed), Bounds{MaxSize: 1 << 20})
		if _, err := io.Copy(io.Discard, r); !errors.Is(err, ErrTooLarge) {
			t.Errorf("%s size: %v", kind, err)
		}
	}
}

// dictBomb is "hello world\n" as xz, but for its block header's
// dictionary size property: 37, 1.5 GiB.
func dictBomb() []byte {
	b, _ := hex.DecodeString("fd377a585a000004e6d6b44602002101250000003b787b4101000b68656c6c6f20776f726c640a00a1f2ffc46a7fbfcf0001240ca618d8d81fb6f37d010000000004595a")
	return b
}

// TestDecompressDictionaryBomb: 68 bytes of xz whose block header asks
// for a 1.5 GiB dictionary are refused before the decoder allocates it.
func TestDecompressDictionaryBomb(t *testing.T) {
	r, err := Decompress("xz", bytes.NewReader(dictBomb()), Bounds{MaxSize: 1 << 20})
	if err == nil {
		_, err = io.Copy(io.Discard, r)
	}
	if !errors.Is(err, xzguard.ErrDictTooLarge) {
		t.Fatalf("error %v, want ErrDictTooLarge", err)
	}
}

func FuzzDecompress(f *testing.F) {
	data := []byte("nix-archive-1 and some more")
	for _, kind := range []string{"xz", "zstd"} {
		f.Add(kind, compress(f, kind, data))
	}
	f.Add("bzip2", []byte("BZh91AY&SY"))
	f.Add("xz", dictBomb())
	f.Fuzz(func(t *testing.T, kind string, b []byte) {
		r, err := Decompress(kind, bytes.NewReader(b), Bounds{MaxSize: 1 << 20, MaxRatio: 1000})
		if err != nil {
			return
		}
		n, _ := io.Copy(io.Discard, r)
		if n > 1<<20 {
			t.Fatalf("%d bytes past the bound", n)
		}
	})
}
