package builtin

import (
	"context"
	"crypto/sha256"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"path"
	"slices"
	"strings"

	"github.com/p2pnix/tvix/proto/buildv1"
	"github.com/p2pnix/tvix/proto/castorev1"
	"github.com/p2pnix/tvix/store"
	"github.com/p2pnix/tvix/store/nar"
	"github.com/p2pnix/tvix/store/refscan"
)

// Prefix starts the builder name of every built-in builder.
const Prefix = "builtin:"

// System is the system of derivations with a built-in builder; every
// machine builds it.
const System = "builtin"

// Options are what the built-in builders take from the machine rather
// than from the derivation.
type Options struct {
	Blobs       store.BlobService
	Directories store.DirectoryService
	// Proxy picks the proxy of a download, as http.Transport.Proxy does;
	// nil uses the process's http_proxy, https_proxy and no_proxy.
	Proxy func(*http.Request) (*url.URL, error)
	// HashedMirrors are tried first for flat fetches (Nix's
	// hashed-mirrors): URL/ALGO/HEXHASH.
	HashedMirrors []string
	// TempDir holds scratch trees; "" is the system's.
	TempDir string
}

// Supported reports whether builderName is a built-in builder Run knows.
func Supported(builderName string) bool {
	switch builderName {
	case "builtin:fetchurl", "builtin:buildenv", "builtin:unpack-channel":
		return true
	}
	return false
}

// Run runs the built-in builder req names (req.CommandArgs[0]) and
// returns its outputs as a Builder would. log receives what Nix would
// print; it may be nil. The error of a failed build is one line, in Nix's
// words where Nix has them.
func Run(ctx context.Context, req *buildv1.BuildRequest, opts Options, log io.Writer) (*buildv1.Build, error) {
	if log == nil {
		log = io.Discard
	}
	if len(req.GetCommandArgs()) == 0 || len(req.Outputs) == 0 {
		return nil, fmt.Errorf("built-in builder: empty request")
	}
	env := map[string]string{}
	for _, kv := range req.EnvironmentVars {
		env[kv.Key] = string(kv.Value)
	}
	j := &job{ctx: ctx, req: req, opts: opts, env: env, log: log, storeDir: "/" + req.InputsDir}
	var outs map[string]*castorev1.Node // output path (relative) -> node
	var err error
	switch name := req.CommandArgs[0]; name {
	case "builtin:fetchurl":
		outs, err = j.fetchurl()
	case "builtin:buildenv":
		outs, err = j.buildenv()
	case "builtin:unpack-channel":
		outs, err = j.unpackChannel()
	default:
		return nil, fmt.Errorf("unsupported builtin builder '%s'", strings.TrimPrefix(name, Prefix))
	}
	if err != nil {
		return nil, err
	}
	b := &buildv1.Build{BuildRequest: req}
	for _, out := range req.Outputs {
		node := outs[out]
		if node == nil {
			return nil, fmt.Errorf("builder did not produce output path '/%s'", out)
		}
		needles, size, sum, err := j.scan(node)
		if err != nil {
			return nil, err
		}
		b.Outputs = append(b.Outputs, node)
		b.OutputsNeedles = append(b.OutputsNeedles, &buildv1.Build_OutputNeedles{Needles: needles})
		b.OutputsNar = append(b.OutputsNar, &buildv1.Build_OutputNAR{NarSize: size, NarSha256: sum[:]})
	}
	return b, nil
}

// job is one run of a built-in builder.
type job struct {
	ctx      context.Context
	req      *buildv1.BuildRequest
	opts     Options
	env      map[string]string
	log      io.Writer
	storeDir string // absolute
}

// attr is a derivation attribute the builder requires.
func (j *job) attr(name string) (string, error) {
	v, ok := j.env[name]
	if !ok {
		return "", fmt.Errorf("attribute '%s' missing", name)
	}
	return v, nil
}

// attrs returns the output's relative path ("out") and the values of the
// attributes names, all of which the builder requires.
func (j *job) attrs(names ...string) (string, []string, error) {
	out, err := j.attr("out")
	if err != nil {
		return "", nil, err
	}
	rel, err := j.output(out)
	if err != nil {
		return "", nil, err
	}
	vals := make([]string, len(names))
	for i, n := range names {
		if vals[i], err = j.attr(n); err != nil {
			return "", nil, err
		}
	}
	return rel, vals, nil
}

// output returns the relative output path of the absolute store path p
// (the value of "out"), which must be one of the request's outputs.
func (j *job) output(p string) (string, error) {
	rel := strings.TrimPrefix(p, "/")
	if !slices.Contains(j.req.Outputs, rel) {
		return "", fmt.Errorf("'%s' is not an output of this build", p)
	}
	return rel, nil
}

// scan renders node's NAR once for its size, sha256 and the request's
// needles it contains (Nix scans the NAR too).
func (j *job) scan(node *castorev1.Node) ([]uint64, uint64, [32]byte, error) {
	var sum [32]byte
	s, err := refscan.NewScanner(j.req.RefscanNeedles)
	if err != nil {
		return nil, 0, sum, err
	}
	h := sha256.New()
	n, err := nar.Write(j.ctx, io.MultiWriter(h, s.Stream()), j.opts.Blobs, j.opts.Directories, node)
	if err != nil {
		return nil, 0, sum, err
	}
	copy(sum[:], h.Sum(nil))
	var found []uint64
	for _, hp := range s.Found() {
		for i, n := range j.req.RefscanNeedles {
			if n == hp {
				found = append(found, uint64(i))
			}
		}
	}
	slices.Sort(found)
	return found, n, sum, nil
}

// importTree ingests the scratch tree at p as the output named base.
func (j *job) importTree(p, base string) (*castorev1.Node, error) {
	node, _, _, err := nar.ImportTree(j.ctx, j.opts.Blobs, j.opts.Directories, p)
	if err != nil {
		return nil, err
	}
	nar.SetNodeName(node, []byte(base))
	return node, nil
}

// scratch makes a temporary directory; the caller removes it.
func (j *job) scratch() (string, error) {
	return os.MkdirTemp(j.opts.TempDir, "tvix-builtin-*")
}

// base is the last element of an output path.
func base(rel string) string { return path.Base(rel) }
