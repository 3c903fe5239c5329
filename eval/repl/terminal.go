package repl

import (
	"fmt"
	"strings"

	"github.com/chzyer/readline"
)

// Run is the interactive loop on the terminal: it greets on the REPL's
// output, then reads lines with line editing, tab completion (Complete)
// and history kept in historyFile, and hands each to Line until :q or
// the end of input. Ctrl-C drops the line being edited.
func (r *REPL) Run(historyFile string) error {
	rl, err := readline.NewEx(&readline.Config{
		Prompt:       "nix-repl> ",
		AutoComplete: completer{r},
		HistoryFile:  historyFile,
	})
	if err != nil {
		return err
	}
	defer rl.Close()
	fmt.Fprintln(r.out, "Welcome to tvix repl. Type :? for help.")
	for {
		line, err := rl.Readline()
		if err == readline.ErrInterrupt {
			continue
		}
		if err != nil { // io.EOF
			return nil
		}
		if r.Line(line) {
			return nil
		}
	}
}

// completer adapts REPL.Complete to readline: it offers the rest of each
// candidate after the word being typed.
type completer struct{ r *REPL }

var _ readline.AutoCompleter = completer{}

// Do returns the completions of line up to pos and the length of the
// word they complete.
func (c completer) Do(line []rune, pos int) ([][]rune, int) {
	input := string(line[:pos])
	cands := c.r.Complete(input)
	word := input
	if i := strings.LastIndexAny(input, " \t([{;=+*/!<>,:\"\n"); i >= 0 {
		word = input[i+1:]
	}
	out := make([][]rune, 0, len(cands))
	for _, cand := range cands {
		if strings.HasPrefix(cand, word) {
			out = append(out, []rune(cand[len(word):]))
		}
	}
	return out, len([]rune(word))
}
