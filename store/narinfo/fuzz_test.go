package narinfo

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/p2pnix/tvix/store/nixpath"
	"google.golang.org/protobuf/proto"
)

// FuzzParse checks that Parse never panics and that whatever it accepts
// renders to text that parses back to the same PathInfo.
func FuzzParse(f *testing.F) {
	files, _ := filepath.Glob(filepath.Join(cacheDir, "*.narinfo"))
	for _, p := range files {
		if b, err := os.ReadFile(p); err == nil {
			f.Add(b)
		}
	}
	f.Add([]byte("StorePath: /nix/store/0a3wmbhp8mhsiqr1h3x8ihk5z8wm4m4w-a\nURL: u\nNarHash: sha256:0cfw511f00yvvra2vkqmxrkag06m9kc10yzp5fc8vw34lzvjp4p0\nNarSize: 1\nReferences: \nDeriver: unknown-deriver\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		p, err := Parse(nixpath.DefaultStoreDir, bytes.NewReader(data), "fuzz")
		if err != nil {
			if !strings.HasPrefix(err.Error(), "fuzz: invalid narinfo: ") {
				t.Fatalf("error does not name the input: %v", err)
			}
			return
		}
		p.SetNode(testSymlink())
		text, err := Render(nixpath.DefaultStoreDir, p.Info, p.File)
		if err != nil {
			return // e.g. a FileHash of the wrong length for sha256
		}
		q, err := Parse(nixpath.DefaultStoreDir, strings.NewReader(text), "rendered")
		if err != nil {
			t.Fatalf("rendered narinfo does not parse: %v\n%s", err, text)
		}
		q.SetNode(testSymlink())
		// References are rendered sorted; compare as sets by sorting both.
		if len(p.Info.References) != len(q.Info.References) || p.Info.Narinfo.NarSize != q.Info.Narinfo.NarSize ||
			!proto.Equal(p.Info.Narinfo.Ca, q.Info.Narinfo.Ca) || !proto.Equal(p.Info.Narinfo.Deriver, q.Info.Narinfo.Deriver) ||
			len(p.Info.Narinfo.Signatures) != len(q.Info.Narinfo.Signatures) || p.File.URL != q.File.URL {
			t.Fatalf("round trip changed the narinfo:\n%s\n->\n%s", data, text)
		}
	})
}
