package coordinator

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/p2pnix/tvix/node/internal/script"
)

// The script files in testdata are those of package script; a command's
// continuation lines are a request's derivations. Each command feeds one
// event (or inspects the machine); after each command the actions from
// Ready are printed.
func TestScripts(t *testing.T) {
	script.Run(t, "testdata/*.txt", func(t *testing.T, path string) func(script.Block) string {
		return (&runner{t: t, path: path}).run
	})
}

type runner struct {
	t    *testing.T
	path string
	c    *Coordinator
}

func (r *runner) run(b script.Block) string {
	var out []string
	for _, cmd := range b.Cmds {
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

func (r *runner) do(cmd script.Command) ([]string, error) {
	pos, o := cmd.Split()
	fatal := func(format string, a ...any) {
		r.t.Fatalf("%s:%d: %s", r.path, cmd.Line, fmt.Sprintf(format, a...))
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
			fatal("%s needs %d arguments", cmd.Name, n)
		}
	}
	if cmd.Name != "new" && r.c == nil {
		fatal("no coordinator: start with new")
	}
	step := func(ev Event) ([]string, error) { return nil, r.c.Step(ev) }
	switch cmd.Name {
	case "new":
		_, isLocal := o["local"]
		for _, p := range pos {
			if p == "local" {
				isLocal = true
			}
		}
		c, err := New(Config{
			Self: PeerID(o["self"]), Systems: script.List(o["systems"]), Features: script.List(o["features"]),
			LocalSlots: int(num("slots", 0)), Speed: num("speed", 0), LocalOnly: isLocal,
			TrustedKeys: script.List(o["trusted"]), ClaimWindow: dur("window"), OfferTimeout: dur("offer"),
			LeaseTimeout: dur("lease"), MaxAttempts: int(num("attempts", 0)), RetryBackoff: dur("backoff"),
			AnnounceTTL: dur("ttl"), CheckShare: num("check-share", 0),
		})
		if err != nil {
			return nil, err
		}
		r.c = c
		return nil, nil
	case "request":
		need(1)
		_, check := o["check"]
		ev := BuildRequested{ID: pos[0], Roots: script.List(o["roots"]), Check: check || slices.Contains(pos, "check")}
		for _, l := range cmd.Body {
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
					j.Features = script.List(v)
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
			Systems: script.List(o["systems"]), Features: script.List(o["features"]), Slots: int(num("slots", 1)),
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
	fatal("unknown command %q", cmd.Name)
	return nil, nil
}
