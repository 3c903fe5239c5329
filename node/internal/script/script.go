// Package script runs the script tests of the farm's state machines
// (node/coordinator, node/worker): files of commands and the output they
// should print, checked or, with -rewrite, regenerated.
//
// A script file is a sequence of blocks:
//
//	command args...
//	  indented continuation lines (the command's body)
//	another command
//	----
//	expected output
//	(blank line)
//
// Lines starting with # between blocks are comments; they are kept where
// they are when the file is rewritten. What the commands mean is up to the
// package under test, which runs each block and returns what it printed.
package script

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var rewrite = flag.Bool("rewrite", false, "rewrite the expected output in testdata/*.txt")

// A Block is a run of commands and the output expected from them.
type Block struct {
	Cmds     []Command
	Expected string // without a trailing newline; "" for no output
	Line     int    // the block's first line, from 1
}

// A Command is one line of a block with its continuation lines.
type Command struct {
	Line int // from 1
	Name string
	Args []string
	Body []string // the continuation lines, trimmed
}

// Split splits the command's arguments: key=value ones go to opts, bare
// words to pos in their order.
func (c Command) Split() (pos []string, opts map[string]string) {
	opts = make(map[string]string)
	for _, a := range c.Args {
		if k, v, ok := strings.Cut(a, "="); ok {
			opts[k] = v
		} else {
			pos = append(pos, a)
		}
	}
	return pos, opts
}

// List splits a comma-separated argument; "" is an empty list (nil).
func List(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(s, ",")
}

// Parse splits the text of the script file path into blocks. The comment
// lines (and blank lines) before block k are comments[k], those after the
// last block comments[len(blocks)], each line with its newline.
func Parse(path, text string) (blocks []Block, comments map[int]string, err error) {
	lines := strings.Split(text, "\n")
	comments = make(map[int]string)
	var cur *Block
	for n := 0; n < len(lines); n++ {
		l := lines[n]
		if cur == nil {
			if strings.TrimSpace(l) == "" || strings.HasPrefix(l, "#") {
				comments[len(blocks)] += l + "\n"
				continue
			}
			blocks = append(blocks, Block{Line: n + 1})
			cur = &blocks[len(blocks)-1]
		}
		if l == "----" {
			var exp []string
			for n++; n < len(lines) && lines[n] != ""; n++ {
				exp = append(exp, lines[n])
			}
			cur.Expected = strings.Join(exp, "\n")
			cur = nil
			continue
		}
		if strings.HasPrefix(l, " ") || strings.HasPrefix(l, "\t") {
			if len(cur.Cmds) == 0 {
				return nil, nil, fmt.Errorf("%s:%d: continuation line without a command", path, n+1)
			}
			c := &cur.Cmds[len(cur.Cmds)-1]
			c.Body = append(c.Body, strings.TrimSpace(l))
			continue
		}
		f := strings.Fields(l)
		cur.Cmds = append(cur.Cmds, Command{Line: n + 1, Name: f[0], Args: f[1:]})
	}
	if cur != nil {
		return nil, nil, fmt.Errorf("%s:%d: block without ----", path, cur.Line)
	}
	return blocks, comments, nil
}

// Run runs each script file matching glob as a subtest named after the
// file. start is called once per file and returns the function that runs
// one block and returns its output, lines joined by "\n"; state kept
// between blocks belongs to that function. A block whose output is not the
// expected one is an error, unless the test runs with -rewrite: then the
// file is written back with the output it got.
func Run(t *testing.T, glob string, start func(t *testing.T, path string) func(Block) string) {
	files, err := filepath.Glob(glob)
	if err != nil || len(files) == 0 {
		t.Fatalf("no scripts: %v", err)
	}
	for _, path := range files {
		t.Run(strings.TrimSuffix(filepath.Base(path), ".txt"), func(t *testing.T) {
			data, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			blocks, comments, err := Parse(path, string(data))
			if err != nil {
				t.Fatal(err)
			}
			run := start(t, path)
			var out strings.Builder
			for k, b := range blocks {
				got := run(b)
				if !*rewrite && got != b.Expected {
					t.Errorf("%s:%d: got\n%s\nwant\n%s", path, b.Line, got, b.Expected)
				}
				out.WriteString(comments[k])
				for _, c := range b.Cmds {
					out.WriteString(strings.Join(append([]string{c.Name}, c.Args...), " ") + "\n")
					for _, l := range c.Body {
						out.WriteString("  " + l + "\n")
					}
				}
				out.WriteString("----\n")
				if got != "" {
					out.WriteString(got + "\n")
				}
				out.WriteString("\n")
			}
			out.WriteString(comments[len(blocks)])
			if *rewrite {
				s := strings.TrimRight(out.String(), "\n") + "\n"
				if err := os.WriteFile(path, []byte(s), 0o644); err != nil {
					t.Fatal(err)
				}
			}
		})
	}
}
