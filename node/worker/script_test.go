package worker

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/p2pnix/tvix/node/coordinator"
)

var rewrite = flag.Bool("rewrite", false, "rewrite the expected output in testdata/*.txt")

// A script file is a sequence of blocks, as in package coordinator's:
//
//	command args...
//	another command
//	----
//	expected output, one action per line
//	(blank line)
//
// Lines starting with # between blocks are comments. Each command feeds one
// event (or inspects the worker); after each command the actions from Ready
// are printed.
type block struct {
	cmds     []command
	expected string
	line     int
}

type command struct {
	line int
	name string
	args []string
}

func parseScript(t *testing.T, path, text string) (blocks []block, comments map[int]string) {
	lines := strings.Split(text, "\n")
	comments = map[int]string{}
	var cur *block
	for n := 0; n < len(lines); n++ {
		l := lines[n]
		if cur == nil {
			if strings.TrimSpace(l) == "" || strings.HasPrefix(l, "#") {
				comments[len(blocks)] += l + "\n"
				continue
			}
			blocks = append(blocks, block{line: n + 1})
			cur = &blocks[len(blocks)-1]
		}
		if l == "----" {
			var exp []string
			for n++; n < len(lines) && lines[n] != ""; n++ {
				exp = append(exp, lines[n])
			}
			cur.expected = strings.Join(exp, "\n")
			cur = nil
			continue
		}
		f := strings.Fields(l)
		cur.cmds = append(cur.cmds, command{line: n + 1, name: f[0], args: f[1:]})
	}
	if cur != nil {
		t.Fatalf("%s:%d: block without ----", path, cur.line)
	}
	return blocks, comments
}

func TestScripts(t *testing.T) {
	files, err := filepath.Glob("testdata/*.txt")
	if err != nil || len(files) == 0 {
		t.Fatalf("no scripts: %v", err)
	}
	for _, path := range files {
		t.Run(strings.TrimSuffix(filepath.Base(path), ".txt"), func(t *testing.T) {
			data, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			blocks, comments := parseScript(t, path, string(data))
			var out strings.Builder
			r := &runner{t: t, path: path}
			for k, b := range blocks {
				got := r.run(b)
				if !*rewrite && got != b.expected {
					t.Errorf("%s:%d: got\n%s\nwant\n%s", path, b.line, got, b.expected)
				}
				out.WriteString(comments[k])
				for _, c := range b.cmds {
					out.WriteString(strings.Join(append([]string{c.name}, c.args...), " ") + "\n")
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

type runner struct {
	t    *testing.T
	path string
	w    *Worker
}

func (r *runner) run(b block) string {
	var out []string
	for _, cmd := range b.cmds {
		out = append(out, r.do(cmd)...)
		if r.w != nil {
			for _, a := range r.w.Ready() {
				out = append(out, a.String())
			}
		}
	}
	return strings.Join(out, "\n")
}

// kv splits key=value arguments; bare words go to the positional list.
func kv(args []string) (pos []string, opts map[string]string) {
	opts = map[string]string{}
	for _, a := range args {
		if k, v, ok := strings.Cut(a, "="); ok {
			opts[k] = v
		} else {
			pos = append(pos, a)
		}
	}
	return pos, opts
}

func list(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(s, ",")
}

func (r *runner) do(cmd command) []string {
	pos, o := kv(cmd.args)
	fatal := func(format string, a ...any) {
		r.t.Fatalf("%s:%d: %s", r.path, cmd.line, fmt.Sprintf(format, a...))
	}
	dur := func(s string) time.Duration {
		if s == "" {
			return 0
		}
		d, err := time.ParseDuration(s)
		if err != nil {
			fatal("%v", err)
		}
		return d
	}
	if cmd.name != "new" && r.w == nil {
		fatal("no worker: start with new")
	}
	if len(pos) == 0 && cmd.name != "new" && cmd.name != "look" && cmd.name != "state" {
		fatal("%s needs an argument", cmd.name)
	}
	job := func(drv string) *coordinator.Job {
		sys := o["sys"]
		if sys == "" {
			sys = "x86_64-linux"
		}
		return &coordinator.Job{Drv: drv, System: sys, Features: list(o["feat"])}
	}
	from := PeerID(o["from"])
	switch cmd.name {
	case "new":
		slots, err := strconv.Atoi(o["slots"])
		if err != nil && o["slots"] != "" {
			fatal("slots: %v", err)
		}
		w, err := New(Config{Self: PeerID(o["self"]), Systems: list(o["systems"]), Features: list(o["features"]), Slots: slots,
			ClaimTimeout: dur(o["claim-timeout"]), Heartbeat: dur(o["heartbeat"]), OfferTTL: dur(o["ttl"])})
		if err != nil {
			return []string{"error: " + err.Error()}
		}
		r.w = w
	case "offer":
		prio, _ := strconv.ParseInt(o["prio"], 10, 64)
		for _, p := range pos {
			r.w.Step(Offered{From: from, Job: job(p), Prio: prio})
		}
	case "withdraw":
		r.w.Step(Withdrawn{From: from, Drv: pos[0]})
	case "look":
		r.w.Step(Look{})
	case "grant":
		j := job(pos[0])
		if len(pos) > 1 && pos[1] == "nojob" {
			j = nil
		}
		r.w.Step(Granted{From: from, Drv: pos[0], Job: j})
	case "reject":
		r.w.Step(Rejected{From: from, Drv: pos[0]})
	case "revoke":
		r.w.Step(Revoked{From: from, Drv: pos[0]})
	case "local":
		r.w.Step(LocalBuild{Job: job(pos[0])})
	case "ended":
		res := Result{Err: o["err"], MissingInput: o["missing"], SignedBy: o["signer"], Built: true}
		res.Deterministic = len(pos) > 1 && pos[1] == "deterministic"
		r.w.Step(BuildEnded{Drv: pos[0], Result: res})
	case "published":
		r.w.Step(Published{Drv: pos[0]})
	case "died":
		r.w.Step(PeerDied{Peer: PeerID(pos[0])})
	case "tick":
		r.w.Tick(dur(pos[0]))
	case "state":
		lines := []string{fmt.Sprintf("free %d load %.2f", r.w.Free(), r.w.Load())}
		for _, b := range r.w.Builds() {
			lines = append(lines, fmt.Sprintf("%s %s for %s, waiting %v", b.Drv, b.State, b.For, b.Waiting))
		}
		if d, ok := r.w.Deadline(); ok {
			lines = append(lines, "deadline "+d.String())
		}
		return lines
	default:
		fatal("unknown command %q", cmd.name)
	}
	return nil
}
