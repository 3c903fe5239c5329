package syntax

import (
	"errors"
	"os"
	"path/filepath"
)

// Options controls how relative and home paths are resolved.
type Options struct {
	// BaseDir is the directory relative paths (./a, a/b) are resolved
	// against. It must be absolute.
	BaseDir string
	// HomeDir replaces ~ in home paths (~/a). Empty means $HOME.
	HomeDir string
}

// ParseFile parses the Nix expression in src, read from filename. Relative
// paths are resolved against the directory of filename (made absolute).
// On syntax errors it returns an ErrorList (sorted, at least one entry)
// and possibly a partial expression.
func ParseFile(filename string, src []byte) (Expr, error) {
	abs, err := filepath.Abs(filename)
	if err != nil {
		return nil, err
	}
	return Parse(filename, src, Options{BaseDir: filepath.Dir(abs)})
}

// ParseExpr parses an expression given on a command line or typed in a
// REPL (nix-instantiate -E); filename names it in positions (Nix uses
// «string»). Relative paths are resolved against the current directory.
func ParseExpr(filename string, src []byte) (Expr, error) {
	wd, err := os.Getwd()
	if err != nil {
		return nil, err
	}
	return Parse(filename, src, Options{BaseDir: wd})
}

// Parse parses src with explicit options.
func Parse(filename string, src []byte, opts Options) (Expr, error) {
	return nil, errors.New("syntax: parser not implemented yet")
}
