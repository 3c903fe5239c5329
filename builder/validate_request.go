package builder

import (
	"fmt"
	"path"
	"slices"
	"strings"

	"github.com/p2pnix/tvix/proto/buildv1"
	"github.com/p2pnix/tvix/store"
)

// ValidateRequest checks what every Builder relies on: clean relative
// paths (working dir, scratch paths, inputs dir, outputs, additional
// files) that stay inside the sandbox, outputs inside a scratch path,
// sorted unique lists, environment keys without "=", valid input nodes
// with unique names, and a command. The error wraps store.ErrInvalid.
func ValidateRequest(req *buildv1.BuildRequest) error {
	bad := func(format string, args ...any) error {
		return fmt.Errorf("build request: %s: %w", fmt.Sprintf(format, args...), store.ErrInvalid)
	}
	if len(req.CommandArgs) == 0 || req.CommandArgs[0] == "" {
		return bad("no command")
	}
	if !cleanRel(req.WorkingDir) {
		return bad("working dir %q is not a clean relative path", req.WorkingDir)
	}
	if !cleanRel(req.InputsDir) {
		return bad("inputs dir %q is not a clean relative path", req.InputsDir)
	}
	for _, list := range []struct {
		what  string
		paths []string
	}{{"scratch path", req.ScratchPaths}, {"output", req.Outputs}} {
		for i, p := range list.paths {
			if !cleanRel(p) {
				return bad("%s %q is not a clean relative path", list.what, p)
			}
			if i > 0 && list.paths[i-1] >= p {
				return bad("%ss are not sorted and unique at %q", list.what, p)
			}
		}
	}
	for _, o := range req.Outputs {
		if !slices.ContainsFunc(req.ScratchPaths, func(s string) bool { return strings.HasPrefix(o, s+"/") }) {
			return bad("output %q is not inside a scratch path", o)
		}
	}
	for i, e := range req.EnvironmentVars {
		if e.Key == "" || strings.ContainsAny(e.Key, "=\x00") {
			return bad("environment variable name %q", e.Key)
		}
		if i > 0 && req.EnvironmentVars[i-1].Key >= e.Key {
			return bad("environment variables are not sorted and unique at %q", e.Key)
		}
	}
	for _, f := range req.AdditionalFiles {
		if !cleanRel(f.Path) {
			return bad("additional file %q is not a clean relative path", f.Path)
		}
	}
	for i, n := range req.Inputs {
		if err := store.ValidateNode(n); err != nil {
			return bad("input %d: %v", i, err)
		}
		if i > 0 && string(store.NodeName(req.Inputs[i-1])) >= string(store.NodeName(n)) {
			return bad("inputs are not sorted and unique at %q", store.NodeName(n))
		}
	}
	return nil
}

// cleanRel reports whether p is a non-empty relative path with no ".",
// ".." or empty components.
func cleanRel(p string) bool {
	if p == "" || strings.HasPrefix(p, "/") || path.Clean(p) != p {
		return false
	}
	for _, c := range strings.Split(p, "/") {
		if c == ".." || c == "." {
			return false
		}
	}
	return true
}
