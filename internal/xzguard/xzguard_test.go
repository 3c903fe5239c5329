package xzguard

import (
	"bytes"
	"encoding/binary"
	"errors"
	"hash/crc32"
	"io"
	"math/rand"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/ulikunitz/xz"
)

// files are xz files made by xz-utils 5.4 (testdata) and by the Go
// writer: several blocks, several streams with padding between them,
// every check size, chunks stored uncompressed.
func files(t testing.TB) map[string][]byte {
	out := map[string][]byte{}
	names, _ := filepath.Glob("testdata/*.xz")
	for _, n := range names {
		b, err := os.ReadFile(n)
		if err != nil {
			t.Fatal(err)
		}
		out[n] = b
	}
	if len(out) == 0 {
		t.Fatal("no testdata/*.xz")
	}
	rnd := make([]byte, 8<<10)
	rand.New(rand.NewSource(1)).Read(rnd)
	text := bytes.Repeat([]byte("nix-archive-1 some text "), 1000)
	for i, c := range []xz.WriterConfig{{}, {BlockSize: 4 << 10, CheckSum: xz.CRC32}, {CheckSum: xz.None}, {BlockSize: 1 << 10, CheckSum: xz.SHA256}} {
		var buf bytes.Buffer
		w, err := c.NewWriter(&buf)
		if err != nil {
			t.Fatal(err)
		}
		w.Write(text)
		w.Write(rnd)
		if err := w.Close(); err != nil {
			t.Fatal(err)
		}
		out["go-"+strconv.Itoa(i)] = buf.Bytes()
	}
	return out
}

func TestPassesValidFilesUnchanged(t *testing.T) {
	for name, b := range files(t) {
		got, err := io.ReadAll(NewReader(bytes.NewReader(b), MaxDict))
		if err != nil || !bytes.Equal(got, b) {
			t.Errorf("%s: passed %d of %d bytes, %v", name, len(got), len(b), err)
			continue
		}
		want, err := io.ReadAll(must(xz.NewReader(bytes.NewReader(b))))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		got, err = io.ReadAll(must(xz.NewReader(NewReader(bytes.NewReader(b), MaxDict))))
		if err != nil || !bytes.Equal(got, want) {
			t.Errorf("%s: decoded %d of %d bytes, %v", name, len(got), len(want), err)
		}
	}
}

func must(r *xz.Reader, err error) io.Reader {
	if err != nil {
		panic(err)
	}
	return r
}

// bomb is a small xz stream whose one block declares a dictionary of
// 1.5 GiB (property 37), CRC fixed up.
func bomb(t *testing.T) []byte {
	var buf bytes.Buffer
	w, err := xz.WriterConfig{DictCap: 4 << 10}.NewWriter(&buf)
	if err != nil {
		t.Fatal(err)
	}
	w.Write([]byte("hello"))
	w.Close()
	b := buf.Bytes()
	// The stream header is 12 bytes; the block header follows: size,
	// flags, filter ID 0x21, property size 1, the dictionary property.
	if b[12] != 2 || b[14] != 0x21 || b[15] != 1 {
		t.Fatalf("unexpected block header % x", b[12:24])
	}
	b[16] = 37
	binary.LittleEndian.PutUint32(b[20:], crc32.ChecksumIEEE(b[12:20]))
	return b
}

func TestRefusesLargeDictionaries(t *testing.T) {
	b := bomb(t)
	good := files(t)["testdata/multiblock-sha256.xz"]
	for name, in := range map[string][]byte{
		"first stream":  b,
		"second stream": append(append(append([]byte(nil), good...), 0, 0, 0, 0), b...),
	} {
		got, err := io.ReadAll(NewReader(bytes.NewReader(in), MaxDict))
		if !errors.Is(err, ErrDictTooLarge) || strings.Contains(err.Error(), "\n") || !strings.Contains(err.Error(), "at byte") {
			t.Errorf("%s: error %v, want a one-line ErrDictTooLarge with its position", name, err)
		}
		// The decoder never sees the header that asks for it.
		if h := len(in) - len(b) + 12; len(got) > h {
			t.Errorf("%s: passed %d bytes, past the block header at %d", name, len(got), h)
		}
	}
	if _, err := io.ReadAll(NewReader(bytes.NewReader(b), 2<<30)); err != nil {
		t.Errorf("under a 2 GiB bound: %v", err)
	}
}

func FuzzReader(f *testing.F) {
	for _, b := range files(f) {
		if len(b) < 30000 {
			f.Add(b)
		}
	}
	f.Add([]byte{0xfd, '7', 'z', 'X', 'Z', 0, 0, 1, 0x69, 0x22, 0xde, 0x36, 0, 0, 0, 0})
	f.Fuzz(func(t *testing.T, in []byte) {
		got, err := io.ReadAll(NewReader(bytes.NewReader(in), 1<<20))
		if !bytes.HasPrefix(in, got) {
			t.Fatalf("passed bytes that are not the input's")
		}
		if err == nil && len(got) != len(in) {
			t.Fatalf("passed %d of %d bytes without an error", len(got), len(in))
		}
		if err != nil && (!strings.HasPrefix(err.Error(), "xz: ") || strings.Contains(err.Error(), "\n")) {
			t.Fatalf("error %q is not one line starting xz:", err)
		}
	})
}
