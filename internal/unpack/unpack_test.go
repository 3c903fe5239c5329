package unpack

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func tarOf(t testing.TB, entries ...*tar.Header) []byte {
	var buf bytes.Buffer
	tw := tar.NewWriter(&buf)
	for _, h := range entries {
		if err := tw.WriteHeader(h); err != nil {
			t.Fatal(err)
		}
		if h.Typeflag == tar.TypeReg {
			tw.Write(bytes.Repeat([]byte("x"), int(h.Size)))
		}
	}
	tw.Close()
	return buf.Bytes()
}

func TestTarball(t *testing.T) {
	raw := tarOf(t,
		&tar.Header{Name: "top/", Typeflag: tar.TypeDir, Mode: 0o755},
		&tar.Header{Name: "top/bin", Typeflag: tar.TypeReg, Mode: 0o755, Size: 3},
		&tar.Header{Name: "top/data", Typeflag: tar.TypeReg, Mode: 0o644, Size: 2},
		&tar.Header{Name: "top/link", Typeflag: tar.TypeSymlink, Linkname: "data"},
	)
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write(raw)
	zw.Close()
	for name, data := range map[string][]byte{"plain": raw, "gzip": gz.Bytes()} {
		dir := t.TempDir()
		if err := Tarball(bytes.NewReader(data), dir); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		st, err := os.Stat(filepath.Join(dir, "top/bin"))
		if err != nil || st.Mode()&0o100 == 0 || st.Size() != 3 {
			t.Errorf("%s: top/bin: %v %v", name, st, err)
		}
		if l, err := os.Readlink(filepath.Join(dir, "top/link")); err != nil || l != "data" {
			t.Errorf("%s: top/link = %q, %v", name, l, err)
		}
	}
}

func TestTarballRejectsEscapes(t *testing.T) {
	outside := t.TempDir()
	if err := os.WriteFile(filepath.Join(outside, "secret"), []byte("s"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, hs := range [][]*tar.Header{
		{{Name: "../evil", Typeflag: tar.TypeReg, Size: 1}},
		{{Name: "a", Typeflag: tar.TypeSymlink, Linkname: "/tmp"}, {Name: "a/evil", Typeflag: tar.TypeReg, Size: 1}},
		{{Name: "h", Typeflag: tar.TypeLink, Linkname: "../../etc/passwd"}},
		// A hard link through a symlink would bring a file from outside in.
		{{Name: "a", Typeflag: tar.TypeSymlink, Linkname: outside}, {Name: "h", Typeflag: tar.TypeLink, Linkname: "a/secret"}},
	} {
		if err := Tarball(bytes.NewReader(tarOf(t, hs...)), t.TempDir()); err == nil {
			t.Errorf("%s: no error", hs[len(hs)-1].Name)
		}
	}
}

func FuzzTarball(f *testing.F) {
	f.Add(tarOf(f, &tar.Header{Name: "d/f", Typeflag: tar.TypeReg, Mode: 0o755, Size: 1}))
	f.Add([]byte{0x1f, 0x8b, 0, 0})
	f.Add(tarOf(f,
		&tar.Header{Name: "top/", Typeflag: tar.TypeDir, Mode: 0o755},
		&tar.Header{Name: "top/link", Typeflag: tar.TypeSymlink, Linkname: "../up"},
		&tar.Header{Name: "top/link/f", Typeflag: tar.TypeReg, Size: 1},
	))
	f.Add(tarOf(f,
		&tar.Header{Name: "a", Typeflag: tar.TypeReg, Size: 2},
		&tar.Header{Name: "b", Typeflag: tar.TypeLink, Linkname: "a"},
		&tar.Header{Name: "./c/../d", Typeflag: tar.TypeReg, Size: 1},
	))
	f.Fuzz(func(t *testing.T, data []byte) {
		// Unpack below a directory of our own, so that a write through a
		// relative symlink shows up beside dir.
		parent := t.TempDir()
		dir := filepath.Join(parent, "out")
		err := Tarball(bytes.NewReader(data), dir)
		if ents, _ := os.ReadDir(parent); len(ents) > 1 {
			t.Fatalf("wrote %s beside %s", ents[0].Name(), dir)
		}
		if err != nil {
			if strings.Contains(err.Error(), "\n") {
				t.Fatalf("multi-line error: %v", err)
			}
			return
		}
		filepath.Walk(dir, func(p string, _ os.FileInfo, err error) error {
			if rel, _ := filepath.Rel(dir, p); len(rel) >= 2 && rel[:2] == ".." {
				t.Fatalf("wrote %s outside %s", p, dir)
			}
			return nil
		})
	})
}

func TestTarballErrorsNameTheEntry(t *testing.T) {
	raw := tarOf(t,
		&tar.Header{Name: "a", Typeflag: tar.TypeReg, Size: 600},
		&tar.Header{Name: "b", Typeflag: tar.TypeReg, Size: 1},
	)
	for data, want := range map[string]string{
		string(raw[:1024]):                      `tar entry "a": unexpected EOF`, // cut inside a's data
		string(raw[:1536]) + "garbage" + "\x00": "tar entry 1: ",                 // a broken second header
	} {
		err := Tarball(strings.NewReader(data), t.TempDir())
		if err == nil || !strings.HasPrefix(err.Error(), want) || strings.Contains(err.Error(), "\n") {
			t.Errorf("error %v, want one line starting %q", err, want)
		}
	}
}
