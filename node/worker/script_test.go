package worker

import (
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/p2pnix/tvix/node/coordinator"
	"github.com/p2pnix/tvix/node/internal/script"
)

// The script files in testdata are those of package script. Each command
// feeds one event (or inspects the worker); after each command the actions
// from Ready are printed. No command takes continuation lines.
func TestScripts(t *testing.T) {
	script.Run(t, "testdata/*.txt", func(t *testing.T, path string) func(script.Block) string {
		return (&runner{t: t, path: path}).run
	})
}

type runner struct {
	t    *testing.T
	path string
	w    *Worker
}

func (r *runner) run(b script.Block) string {
	var out []string
	for _, cmd := range b.Cmds {
		out = append(out, r.do(cmd)...)
		if r.w != nil {
			for _, a := range r.w.Ready() {
				out = append(out, a.String())
			}
		}
	}
	return strings.Join(out, "\n")
}

func (r *runner) do(cmd script.Command) []string {
	pos, o := cmd.Split()
	fatal := func(format string, a ...any) {
		r.t.Fatalf("%s:%d: %s", r.path, cmd.Line, fmt.Sprintf(format, a...))
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
	if len(cmd.Body) > 0 {
		fatal("%s takes no continuation lines", cmd.Name)
	}
	if cmd.Name != "new" && r.w == nil {
		fatal("no worker: start with new")
	}
	if len(pos) == 0 && cmd.Name != "new" && cmd.Name != "look" && cmd.Name != "state" {
		fatal("%s needs an argument", cmd.Name)
	}
	job := func(drv string) *coordinator.Job {
		sys := o["sys"]
		if sys == "" {
			sys = "x86_64-linux"
		}
		return &coordinator.Job{Drv: drv, System: sys, Features: script.List(o["feat"])}
	}
	from := PeerID(o["from"])
	switch cmd.Name {
	case "new":
		slots, err := strconv.Atoi(o["slots"])
		if err != nil && o["slots"] != "" {
			fatal("slots: %v", err)
		}
		w, err := New(Config{Self: PeerID(o["self"]), Systems: script.List(o["systems"]), Features: script.List(o["features"]), Slots: slots,
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
		fatal("unknown command %q", cmd.Name)
	}
	return nil
}
