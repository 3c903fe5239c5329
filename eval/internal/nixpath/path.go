// Package nixpath implements the string operations Nix 2.8 applies to
// paths: canonicalisation of path values and the builtins baseNameOf and
// dirOf on strings. Nothing here touches the file system.
package nixpath

import (
	"bytes"
	"strings"
)

// Canon is Nix's canonPath without symlink resolution, as applied to path
// literals and to path + string: repeated slashes collapse, "." components
// vanish, ".." removes the previous component (and is ignored at the
// root), and the result has no trailing slash (the root itself is "/").
// path must be absolute; ok is false otherwise.
func Canon(path string) (canon string, ok bool) {
	if path == "" || path[0] != '/' {
		return "", false
	}
	// Appended to and cut back in place, so that ".." costs no copy.
	b := make([]byte, 0, len(path))
	for {
		for path != "" && path[0] == '/' {
			path = path[1:]
		}
		if path == "" {
			break
		}
		switch {
		case path == "." || strings.HasPrefix(path, "./"):
			path = path[1:]
		case path == ".." || strings.HasPrefix(path, "../"):
			if i := bytes.LastIndexByte(b, '/'); i >= 0 {
				b = b[:i]
			}
			path = path[2:]
		default:
			b = append(b, '/')
			if i := strings.IndexByte(path, '/'); i < 0 {
				b = append(b, path...)
				path = ""
			} else {
				b = append(b, path[:i]...)
				path = path[i:]
			}
		}
	}
	if len(b) == 0 {
		return "/", true
	}
	return string(b), true
}

// Join is how Nix turns a path literal that is relative to dir (an
// absolute, canonical directory) into a path value: Canon(dir + "/" + rel).
func Join(dir, rel string) (string, bool) {
	return Canon(dir + "/" + rel)
}

// BaseNameOf is builtins.baseNameOf on a string: the text after the last
// '/', ignoring one trailing '/' ("a/b/" gives "b", "/" and "a//" give "").
func BaseNameOf(s string) string {
	if s == "" {
		return ""
	}
	last := len(s) - 1
	if s[last] == '/' && last > 0 {
		last--
	}
	pos := strings.LastIndexByte(s[:last+1], '/') + 1
	return s[pos : last+1]
}

// DirOf is builtins.dirOf on a string, as Nix 2.26 computes it (C++'s
// path::parent_path): a string of slashes only is its own parent;
// otherwise everything before the last '/', less trailing slashes ("a//b"
// and "a/b//" give "a" and "a/b"), "/" if nothing is left of an absolute
// path, and "." if there is no '/'.
func DirOf(s string) string {
	i := strings.LastIndexByte(s, '/')
	if i < 0 {
		return "."
	}
	if strings.Trim(s, "/") == "" {
		return s
	}
	if d := strings.TrimRight(s[:i], "/"); d != "" {
		return d
	}
	return "/"
}
