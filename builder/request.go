package builder

import (
	"crypto/sha256"
	"fmt"
	"path"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/nix-community/go-nix/pkg/nixbase32"
	"github.com/p2pnix/tvix/proto/buildv1"
	"github.com/p2pnix/tvix/proto/castorev1"
	"github.com/p2pnix/tvix/store"
	"github.com/p2pnix/tvix/store/derivation"
	"github.com/p2pnix/tvix/store/nixpath"
)

// Sandbox paths Nix 2.8 uses, relative to the sandbox root.
const (
	BuildDir    = "build"
	sandboxTop  = "/" + BuildDir
	homeless    = "/homeless-shelter"
	pathNotSet  = "/path-not-set"
	nixLogFD    = "2"
	nixTerminal = "xterm-256color"
)

// RequestOptions are the settings Nix takes from its configuration rather
// than from the derivation.
type RequestOptions struct {
	// StoreDir is the store directory the derivation was written for
	// (/nix/store unless Nix was configured otherwise).
	StoreDir nixpath.StoreDir
	// Cores is NIX_BUILD_CORES (Nix's `cores` setting); 0 means 1.
	Cores int
	// Timeout and MaxSilent are Nix's `timeout` and `max-silent-time`.
	Timeout, MaxSilent time.Duration
	// MaxPids limits processes and threads; MemoryBytes limits memory.
	MaxPids     uint64
	MemoryBytes uint64
}

// NewRequest returns the BuildRequest that runs drv as Nix 2.8's sandboxed
// build does: the command is the builder and its arguments, the working
// directory /build, the environment the one Nix prepares (see doc.go),
// passAsFile values and structured attributes as files in /build, and
// inputs the given input closure (one node per store path, named by its
// base name). Every output must appear in drv.Outputs with its path.
func NewRequest(drv *derivation.Derivation, inputs []*castorev1.Node, opts RequestOptions) (*buildv1.BuildRequest, error) {
	dir := opts.StoreDir
	if dir == "" {
		dir = nixpath.DefaultStoreDir
	}
	if err := dir.Validate(); err != nil {
		return nil, err
	}
	storeRel := strings.TrimPrefix(string(dir), "/")
	env := map[string]string{
		"PATH":            pathNotSet,
		"HOME":            homeless,
		"NIX_STORE":       string(dir),
		"NIX_BUILD_CORES": strconv.Itoa(max(opts.Cores, 1)),
	}
	var files []*buildv1.BuildRequest_AdditionalFile
	_, structured := drv.Env["__json"]
	if structured {
		attrsJSON, attrsSh, err := structuredAttrs(drv)
		if err != nil {
			return nil, err
		}
		files = append(files,
			&buildv1.BuildRequest_AdditionalFile{Path: BuildDir + "/.attrs.json", Contents: attrsJSON},
			&buildv1.BuildRequest_AdditionalFile{Path: BuildDir + "/.attrs.sh", Contents: attrsSh})
		env["NIX_ATTRS_JSON_FILE"] = sandboxTop + "/.attrs.json"
		env["NIX_ATTRS_SH_FILE"] = sandboxTop + "/.attrs.sh"
	} else {
		asFile := map[string]bool{}
		for _, n := range strings.FieldsFunc(drv.Env["passAsFile"], isNixSpace) {
			asFile[n] = true
		}
		for k, v := range drv.Env {
			if !asFile[k] {
				env[k] = v
				continue
			}
			fn := passAsFileName(k)
			files = append(files, &buildv1.BuildRequest_AdditionalFile{Path: BuildDir + "/" + fn, Contents: []byte(v)})
			env[k+"Path"] = sandboxTop + "/" + fn
		}
	}
	for _, k := range []string{"NIX_BUILD_TOP", "TMPDIR", "TEMPDIR", "TMP", "TEMP", "PWD"} {
		env[k] = sandboxTop
	}
	fixed := drv.IsFixedOutput()
	if fixed {
		env["NIX_OUTPUT_CHECKED"] = "1"
	}
	env["NIX_LOG_FD"] = nixLogFD
	env["TERM"] = nixTerminal

	req := &buildv1.BuildRequest{
		CommandArgs:     append([]string{drv.Builder}, drv.Args...),
		WorkingDir:      BuildDir,
		ScratchPaths:    []string{BuildDir, storeRel},
		InputsDir:       storeRel,
		AdditionalFiles: files,
		Constraints: &buildv1.BuildRequest_BuildConstraints{
			System:        drv.Platform,
			MinMemory:     opts.MemoryBytes,
			NetworkAccess: fixed,
		},
		Limits: &buildv1.BuildRequest_Limits{
			TimeoutSeconds:   uint64(opts.Timeout / time.Second),
			MaxSilentSeconds: uint64(opts.MaxSilent / time.Second),
			MaxPids:          opts.MaxPids,
		},
	}
	for _, k := range sortedKeys(env) {
		req.EnvironmentVars = append(req.EnvironmentVars, &buildv1.BuildRequest_EnvVar{Key: k, Value: []byte(env[k])})
	}
	slices.SortFunc(files, func(a, b *buildv1.BuildRequest_AdditionalFile) int { return strings.Compare(a.Path, b.Path) })

	inputs = slices.Clone(inputs)
	slices.SortFunc(inputs, func(a, b *castorev1.Node) int {
		return strings.Compare(string(store.NodeName(a)), string(store.NodeName(b)))
	})
	req.Inputs = inputs
	for _, in := range inputs {
		sp, err := nixpath.ParseBase(string(store.NodeName(in)))
		if err != nil {
			return nil, fmt.Errorf("input %q: %w", store.NodeName(in), err)
		}
		req.RefscanNeedles = append(req.RefscanNeedles, sp.HashPart())
	}
	for _, name := range sortedKeys(drv.Outputs) {
		o := drv.Outputs[name]
		sp, err := dir.Parse(o.Path)
		if err != nil {
			return nil, fmt.Errorf("output %s: %w", name, err)
		}
		req.Outputs = append(req.Outputs, path.Join(storeRel, sp.Base()))
		req.RefscanNeedles = append(req.RefscanNeedles, sp.HashPart())
	}
	slices.Sort(req.Outputs)
	return req, nil
}

// isNixSpace reports the separators of Nix's tokenizeString default.
func isNixSpace(r rune) bool { return r == ' ' || r == '\t' || r == '\n' || r == '\r' }

// passAsFileName is the file Nix 2.8 writes attribute name's value to:
// ".attr-" and the nixbase32 sha256 of the name.
func passAsFileName(name string) string {
	sum := sha256.Sum256([]byte(name))
	return ".attr-" + nixbase32.EncodeToString(sum[:])
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
