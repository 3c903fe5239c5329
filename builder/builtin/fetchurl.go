package builtin

import (
	"bufio"
	"crypto/tls"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"strings"

	"github.com/nix-community/go-nix/pkg/nixhash"
	"github.com/p2pnix/tvix/internal/xzguard"
	"github.com/p2pnix/tvix/proto/castorev1"
	"github.com/p2pnix/tvix/store/nar"
	"github.com/ulikunitz/xz"
)

// fetchurl is Nix's builtin:fetchurl: the hashed mirrors first (flat
// fetches only), then url. The body is the output file, or with unpack=1
// a NAR (xz-compressed when url ends in .xz) restored as the output; with
// executable=1 the output is executable. Like Nix it does not verify TLS
// certificates: the output's hash is checked when it is registered.
func (j *job) fetchurl() (map[string]*castorev1.Node, error) {
	rel, vals, err := j.attrs("url")
	if err != nil {
		return nil, err
	}
	mainURL := vals[0]
	unpack := j.env["unpack"] == "1"
	fetch := func(u string) (*castorev1.Node, error) {
		body, err := j.open(u)
		if err != nil {
			return nil, err
		}
		defer body.Close()
		r := io.Reader(bufio.NewReaderSize(body, 1<<20))
		if unpack {
			if strings.HasSuffix(mainURL, ".xz") {
				if r, err = xz.NewReader(xzguard.NewReader(r, xzguard.MaxDict)); err != nil {
					return nil, fmt.Errorf("unpacking '%s': %w", u, err)
				}
			}
			node, _, _, err := nar.Ingest(j.ctx, r, u, j.opts.Blobs, j.opts.Directories, base(rel))
			return node, err
		}
		d, size, err := j.opts.Blobs.Put(j.ctx, r)
		if err != nil {
			return nil, fmt.Errorf("unable to download '%s': %w", u, err)
		}
		f := &castorev1.FileNode{Name: []byte(base(rel)), Digest: d[:], Size: size, Executable: j.env["executable"] == "1"}
		return &castorev1.Node{Node: &castorev1.Node_File{File: f}}, nil
	}
	if j.env["outputHashMode"] == "flat" {
		for _, m := range j.opts.HashedMirrors {
			u, err := j.mirrorURL(m)
			if err != nil {
				break
			}
			if node, err := fetch(u); err == nil {
				return map[string]*castorev1.Node{rel: node}, nil
			} else {
				fmt.Fprintf(j.log, "hashed mirror: %v\n", err)
			}
		}
	}
	node, err := fetch(mainURL)
	if err != nil {
		return nil, err
	}
	if node.GetFile() != nil && j.env["executable"] == "1" {
		node.GetFile().Executable = true
	}
	return map[string]*castorev1.Node{rel: node}, nil
}

// mirrorURL is where hashed mirror m keeps the output: m/ALGO/HEX.
func (j *job) mirrorURL(m string) (string, error) {
	var algo *nixhash.Algorithm
	if a := j.env["outputHashAlgo"]; a != "" {
		parsed, err := nixhash.ParseAlgorithm(a)
		if err != nil {
			return "", err
		}
		algo = &parsed
	}
	h, err := nixhash.ParseAny(j.env["outputHash"], algo)
	if err != nil {
		return "", err
	}
	if !strings.HasSuffix(m, "/") {
		m += "/"
	}
	return m + h.Algo().String() + "/" + hex.EncodeToString(h.Digest()), nil
}

// open starts the download of u (http, https or file).
func (j *job) open(u string) (io.ReadCloser, error) {
	pu, err := url.Parse(u)
	if err != nil {
		return nil, fmt.Errorf("unable to download '%s': %w", u, err)
	}
	switch pu.Scheme {
	case "file":
		f, err := os.Open(pu.Path)
		if err != nil {
			return nil, fmt.Errorf("unable to download '%s': %w", u, err)
		}
		return f, nil
	case "http", "https":
	default:
		return nil, fmt.Errorf("unable to download '%s': unsupported protocol '%s'", u, pu.Scheme)
	}
	req, err := http.NewRequestWithContext(j.ctx, http.MethodGet, u, nil)
	if err != nil {
		return nil, fmt.Errorf("unable to download '%s': %w", u, err)
	}
	proxy := j.opts.Proxy
	if proxy == nil {
		proxy = http.ProxyFromEnvironment
	}
	client := &http.Client{Transport: &http.Transport{
		Proxy:              proxy,
		TLSClientConfig:    &tls.Config{InsecureSkipVerify: true},
		DisableCompression: true,
	}}
	resp, err := client.Do(req)
	if err != nil {
		return nil, fmt.Errorf("unable to download '%s': %w", u, err)
	}
	if resp.StatusCode != http.StatusOK {
		resp.Body.Close()
		return nil, fmt.Errorf("unable to download '%s': HTTP error %d", u, resp.StatusCode)
	}
	return readCloser{Reader: failEarlyEnd{resp.Body}, Closer: resp.Body}, nil
}

type readCloser struct {
	io.Reader
	io.Closer
}

// failEarlyEnd turns a body that ends before its Content-Length (an
// io.ErrUnexpectedEOF, which readers of whole files take for a short
// file) into an error of its own.
type failEarlyEnd struct{ r io.Reader }

func (f failEarlyEnd) Read(p []byte) (int, error) {
	n, err := f.r.Read(p)
	if err == io.ErrUnexpectedEOF {
		err = errTruncated
	}
	return n, err
}

// errTruncated is a download that ended early.
var errTruncated = errors.New("download truncated")
