package s3store

import (
	"strings"
	"testing"

	"github.com/p2pnix/tvix/store"
	"github.com/p2pnix/tvix/store/storetest"
)

func TestParseURL(t *testing.T) {
	good := map[string]Config{
		"s3://cache":                          {Bucket: "cache"},
		"s3://my.cache-1/a/b/":                {Bucket: "my.cache-1", Prefix: "a/b"},
		"s3://cache?region=eu-west-1":         {Bucket: "cache", Region: "eu-west-1"},
		"s3://cache?endpoint=minio:9000":      {Bucket: "cache", Endpoint: "https://minio:9000"},
		"s3://cache?endpoint=h:1&scheme=http": {Bucket: "cache", Endpoint: "http://h:1"},
		"s3://cache?endpoint=http://h:1/":     {Bucket: "cache", Endpoint: "http://h:1/"},
		"s3://cache?profile=ci":               {Bucket: "cache", Profile: "ci"},
	}
	for raw, want := range good {
		got, err := ParseURL(raw)
		if err != nil || got != want {
			t.Errorf("ParseURL(%q) = %+v, %v; want %+v", raw, got, err, want)
		}
		again, err := ParseURL(got.String())
		if err != nil || again != got {
			t.Errorf("ParseURL(%q.String() = %q) = %+v, %v", raw, got.String(), again, err)
		}
	}
	bad := map[string]string{
		"s3:cache":                     "want s3://",
		"http://cache":                 "want s3://",
		"s3://ab":                      "3 to 63",
		"s3://Cache":                   "not allowed",
		"s3://-cache":                  "not allowed",
		"s3://u@cache":                 "want s3://",
		"s3://cache/a//b":              "empty path segment",
		"s3://cache?compression=xz":    `unknown parameter "compression"`,
		"s3://cache?region=a&region=b": "given 2 times",
		"s3://cache?scheme=ftp":        "want http or https",
		"s3://cache?endpoint=ftp://h":  "not a host",
	}
	storetest.BadURLs(t, func(raw string) error { _, err := ParseURL(raw); return err }, bad)
}

func FuzzParseURL(f *testing.F) {
	for _, s := range []string{"s3://cache/p?endpoint=h:1&region=r", "s3://a.b-c", "s3://x?scheme=http&profile=p"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		c, err := ParseURL(raw)
		if err != nil {
			if strings.Contains(err.Error(), "\n") {
				t.Fatalf("multi-line error: %v", err)
			}
			return
		}
		again, err := ParseURL(c.String())
		if err != nil || again != c {
			t.Fatalf("%q parsed to %+v, whose URL %q parses to %+v, %v", raw, c, c.String(), again, err)
		}
	})
}

func FuzzDecodeChunkList(f *testing.F) {
	f.Add(make([]byte, listEntrySize))
	f.Add(encodeChunkList([]store.ChunkMeta{{Digest: store.DigestOf([]byte("a")), Size: 1}, {Size: store.ChunkMaxSize}}))
	f.Fuzz(func(t *testing.T, b []byte) {
		cs, err := decodeChunkList(b)
		if err != nil {
			return
		}
		if string(encodeChunkList(cs)) != string(b) {
			t.Fatalf("%x decodes to %v, which encodes differently", b, cs)
		}
	})
}
