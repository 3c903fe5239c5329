package coordinator

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

var rewrite = flag.Bool("rewrite", false, "rewrite the expected output in testdata/*.txt")

// A script file is a sequence of blocks:
//
//	command args...
//	  indented continuation lines (a request's derivations)
//	another command
//	----
//	expected output, one action per line
//	(blank line)
//
// Lines starting with # between blocks are comments. Each command feeds one
// event (or inspects the machine); after each command the actions from
// Ready are printed.
type block struct {
	cmds     []command
	expected string
	line     int
}

type command struct {
	line int
	name string
	args []string
	body []string
}

func parseScript(t *testing.T, path, text string) (blocks []block, comments map[int]string) {
	lines := strings.Split(text, "\n")
	comments = make(map[int]string)
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
		if strings.HasPrefix(l, " ") || strings.HasPrefix(l, "\t") {
			if len(cur.cmds) == 0 {
				t.Fatalf("%s:%d: continuation line without a command", path, n+1)
			}
			c := &cur.cmds[len(cur.cmds)-1]
			c.body = append(c.body, strings.TrimSpace(l))
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
					out.WriteString(c.name)
					for _, a := range c.args {
						out.WriteString(" " + a)
					}
					out.WriteString("\n")
					for _, l := range c.body {
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

type runner struct {
	t    *testing.T
	path string
	c    *Coordinator
}

func (r *runner) run(b block) string {
	var out []string
	for _, cmd := range b.cmds {
		lines, err := r.do(cmd)
		if err != nil {
			lines = append(lines, "error: "+err.Error())
		}
		out = append(out, lines...)
		if r.c != nil {
			for _, a := range r.c.Ready() {
				out = append(out, a.String())
			}
		}
	}
	return strings.Join(out, "\n")
}

// kv splits key=value arguments; bare words go to the positional list.
func kv(args []string) (pos []string, opts map[string]string) {
	opts = make(map[string]string)
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

func (r *runner) do(cmd command) ([]string, error) {
	pos, o := kv(cmd.args)
	fatal := func(format string, a ...any) {
		r.t.Fatalf("%s:%d: %s", r.path, cmd.line, fmt.Sprintf(format, a...))
	}
	dur := func(k string) time.Duration {
		if o[k] == "" {
			return 0
		}
		d, err := time.ParseDuration(o[k])
		if err != nil {
			fatal("%s: %v", k, err)
		}
		return d
	}
	num := func(k string, def float64) float64 {
		if o[k] == "" {
			return def
		}
		f, err := strconv.ParseFloat(o[k], 64)
		if err != nil {
			fatal("%s: %v", k, err)
		}
		return f
	}
	need := func(n int) {
		if len(pos) < n {
			fatal("%s needs %d arguments", cmd.name, n)
		}
	}
	if cmd.name != "new" && r.c == nil {
		fatal("no coordinator: start with new")
	}
	step := func(ev Event) ([]string, error) { return nil, r.c.Step(ev) }
	switch cmd.name {
	case "new":
		_, isLocal := o["local"]
		for _, p := range pos {
			if p == "local" {
				isLocal = true
			}
		}
		c, err := New(Config{
			Self: PeerID(o["self"]), Systems: list(o["systems"]), Features: list(o["features"]),
			LocalSlots: int(num("slots", 0)), Speed: num("speed", 0), LocalOnly: isLocal,
			TrustedKeys: list(o["trusted"]), ClaimWindow: dur("window"), OfferTimeout: dur("offer"),
			LeaseTimeout: dur("lease"), MaxAttempts: int(num("attempts", 0)), RetryBackoff: dur("backoff"),
			AnnounceTTL: dur("ttl"),
		})
		if err != nil {
			return nil, err
		}
		r.c = c
		return nil, nil
	case "request":
		need(1)
		ev := BuildRequested{ID: pos[0], Roots: list(o["roots"])}
		for _, l := range cmd.body {
			f := strings.Fields(l)
			j := Job{Drv: f[0], Outputs: []string{f[0] + "-out"}, System: "x86_64-linux"}
			in := false
			for _, a := range f[1:] {
				switch k, v, _ := strings.Cut(a, "="); {
				case a == "<-":
					in = true
				case k == "out" && v != "":
					n, _ := strconv.ParseInt(v, 10, 64)
					j.OutputBytes = n
				case k == "w" && v != "":
					d, _ := time.ParseDuration(v)
					j.Weight = d
				case k == "sys" && v != "":
					j.System = v
				case k == "feat" && v != "":
					j.Features = list(v)
				case in:
					j.Inputs = append(j.Inputs, a)
				default:
					fatal("bad derivation line %q", l)
				}
			}
			ev.Jobs = append(ev.Jobs, j)
		}
		return step(ev)
	case "found":
		need(1)
		for _, p := range pos {
			if err := r.c.Step(OutputsFound{Drv: p, At: PeerID(o["at"])}); err != nil {
				return nil, err
			}
		}
		return nil, nil
	case "missing":
		need(1)
		for _, p := range pos {
			if err := r.c.Step(OutputsMissing{Drv: p, BuildingBy: PeerID(o["building-by"])}); err != nil {
				return nil, err
			}
		}
		return nil, nil
	case "fetched":
		need(1)
		return step(Fetched{Drv: pos[0]})
	case "fetch-failed":
		need(1)
		return step(FetchFailed{Drv: pos[0], Reason: o["reason"]})
	case "join":
		need(1)
		return step(PeerJoined{Peer: PeerID(pos[0]), Info: PeerInfo{
			Systems: list(o["systems"]), Features: list(o["features"]), Slots: int(num("slots", 1)),
			Load: num("load", 0), Speed: num("speed", 1)}})
	case "died":
		need(1)
		return step(PeerDied{Peer: PeerID(pos[0])})
	case "claim":
		need(2)
		return step(Claim{Drv: pos[0], Peer: PeerID(pos[1]), FreeSlots: int(num("slots", 1)),
			Load: num("load", 0), LocalBytes: int64(num("bytes", 0)), Speed: num("speed", 1)})
	case "heartbeat":
		need(2)
		return step(Heartbeat{Drv: pos[0], Peer: PeerID(pos[1])})
	case "finished":
		need(2)
		return step(BuildFinished{Drv: pos[0], Peer: PeerID(pos[1]), SignedBy: o["signer"]})
	case "failed":
		need(2)
		det := len(pos) > 2 && pos[2] == "deterministic"
		return step(BuildFailed{Drv: pos[0], Peer: PeerID(pos[1]), Deterministic: det, Reason: o["reason"], MissingInput: o["missing"]})
	case "remote-building":
		need(2)
		return step(RemoteBuilding{Drv: pos[0], By: PeerID(pos[1])})
	case "remote-done":
		need(1)
		_, failed := o["failed"]
		failed = failed || (len(pos) > 1 && pos[1] == "failed")
		return step(RemoteBuildDone{Drv: pos[0], At: PeerID(o["at"]), Failed: failed})
	case "busy":
		need(1)
		n, err := strconv.Atoi(pos[0])
		if err != nil {
			fatal("busy: %v", err)
		}
		return step(LocalBusy{Slots: n})
	case "tick":
		need(1)
		d, err := time.ParseDuration(pos[0])
		if err != nil {
			fatal("tick: %v", err)
		}
		r.c.Tick(d)
		return nil, nil
	case "state":
		var lines []string
		for _, p := range pos {
			lines = append(lines, p+": "+r.c.State(p))
		}
		return lines, nil
	case "leases":
		var lines []string
		for _, l := range r.c.Leases() {
			lines = append(lines, fmt.Sprintf("lease %s %s until %s", l.Drv, l.Peer, l.Until))
		}
		return lines, nil
	case "progress":
		return []string{"status " + r.c.Progress().String()}, nil
	}
	fatal("unknown command %q", cmd.name)
	return nil, nil
}
