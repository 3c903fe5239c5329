package farm

import (
	"context"
	"encoding/json"
	"time"

	"github.com/p2pnix/tvix/internal/faults"
	"github.com/p2pnix/tvix/node/coordinator"
	"github.com/p2pnix/tvix/node/gossip"
	"github.com/p2pnix/tvix/node/worker"
)

// farmSendTimeout bounds one gossip send.
const farmSendTimeout = 3 * time.Second

// Ops tell apart messages of the same gossip kind.
const (
	opWithdraw     = "withdraw"      // KindOffer: the offer is off
	opGrant        = "grant"         // KindLease
	opReject       = "reject"        // KindLease
	opRevoke       = "revoke"        // KindLease
	opAnnounceDone = "announce-done" // KindDone/KindFailed: another coordinator's build ended
)

// farmMsg is the JSON body of every build-farm gossip message; the
// derivation is the message's Drv.
type farmMsg struct {
	Op      string           `json:"op,omitempty"`
	Job     *coordinator.Job `json:"job,omitempty"`
	Prio    int64            `json:"prio,omitempty"`
	ReadyUS int64            `json:"ready_us,omitempty"` // when the coordinator first offered it
	// Claims.
	FreeSlots int     `json:"free,omitempty"`
	Load      float64 `json:"load,omitempty"`
	// Results.
	At            string `json:"at,omitempty"`
	SignedBy      string `json:"signed_by,omitempty"`
	Deterministic bool   `json:"deterministic,omitempty"`
	Reason        string `json:"reason,omitempty"`
	Missing       string `json:"missing,omitempty"` // the input derivation nobody could provide
	DurationMS    int64  `json:"duration_ms,omitempty"`
	StartedUS     int64  `json:"started_us,omitempty"`
	Line          []byte `json:"line,omitempty"` // a build log line (KindUser)
}

// kindLog carries a build log line from a builder to the coordinator.
const kindLog = gossip.KindUser + 1

// sendTo sends m to one member in the background, reliably (TCP).
func (f *Farm) sendTo(to string, kind gossip.Kind, drv string, m farmMsg) {
	f.sendMsg(to, kind, drv, m, true)
}

func (f *Farm) sendMsg(to string, kind gossip.Kind, drv string, m farmMsg, reliable bool) {
	body, err := json.Marshal(m)
	if err != nil {
		f.log.Error("farm: encode", "err", err)
		return
	}
	go func() {
		ctx, cancel := context.WithTimeout(f.ctx, farmSendTimeout)
		defer cancel()
		if _, err := f.g.Send(ctx, to, gossip.Message{Kind: kind, Drv: drv, Body: body}, reliable); err != nil {
			f.log.Debug("farm: send", "to", to, "kind", kind.String(), "drv", drv, "err", err)
		}
	}()
}

// toMembers sends m to every other member whose metadata passes keep (nil:
// all). A direct send to each member reaches a LAN cluster at once, where
// a gossip broadcast waits for the next gossip round.
func (f *Farm) toMembers(kind gossip.Kind, drv string, m farmMsg, keep func(gossip.NodeMeta) bool) {
	for _, mem := range f.g.Members() {
		if mem.Name == f.cfg.Self || (keep != nil && !keep(mem.Meta)) {
			continue
		}
		f.sendTo(mem.Name, kind, drv, m)
	}
}

// onMessage dispatches a gossip message: coordinator traffic to the driver
// loop, builder traffic to the worker.
func (f *Farm) onMessage(msg gossip.Message) {
	var m farmMsg
	if err := json.Unmarshal(msg.Body, &m); err != nil {
		f.log.Debug("farm: bad message", "from", msg.From, "kind", msg.Kind.String(), "err", err)
		return
	}
	from := coordinator.PeerID(msg.From)
	switch msg.Kind {
	case gossip.KindOffer:
		if m.Op == opWithdraw {
			f.w.stepRemote(worker.Withdrawn{From: from, Drv: msg.Drv})
		} else if m.Job != nil && m.Job.Drv == msg.Drv && !f.faultyOffer(msg.From, m.Job) {
			f.w.stepRemote(worker.Offered{From: from, Job: m.Job, Prio: m.Prio})
		}
	case gossip.KindClaim:
		f.do(func() {
			if f.guard.refuses(msg.From, time.Now()) {
				f.sendTo(msg.From, gossip.KindLease, msg.Drv, farmMsg{Op: opReject})
				return
			}
			f.feed(coordinator.Claim{Drv: msg.Drv, Peer: from, FreeSlots: m.FreeSlots, Load: m.Load, Speed: 1})
		})
	case gossip.KindLease:
		switch m.Op {
		case opGrant:
			if ignoresGrants() {
				return
			}
			var ready time.Time
			if m.ReadyUS != 0 {
				ready = time.UnixMicro(m.ReadyUS)
			}
			f.w.grant(msg.From, msg.Drv, m.Job, ready)
		case opReject:
			f.w.stepRemote(worker.Rejected{From: from, Drv: msg.Drv})
		case opRevoke:
			f.w.stepRemote(worker.Revoked{From: from, Drv: msg.Drv})
		}
	case gossip.KindHeartbeat:
		f.step(coordinator.Heartbeat{Drv: msg.Drv, Peer: from})
	case gossip.KindBuilding:
		f.do(func() {
			f.heard[msg.Drv] = heardBuild{by: msg.From, until: faults.Now().Add(6 * time.Second)}
			f.feed(coordinator.RemoteBuilding{Drv: msg.Drv, By: from})
		})
	case gossip.KindDone, gossip.KindFailed:
		failed := msg.Kind == gossip.KindFailed
		if m.Op == opAnnounceDone {
			f.do(func() {
				delete(f.heard, msg.Drv)
				f.feed(coordinator.RemoteBuildDone{Drv: msg.Drv, At: coordinator.PeerID(m.At), Failed: failed})
				if !failed && f.jobs[msg.Drv] != nil {
					f.noteSubstitute(msg.Drv, m.At)
					f.report(msg.Drv)
				}
			})
			return
		}
		res := buildOutcome{signedBy: m.SignedBy, duration: time.Duration(m.DurationMS) * time.Millisecond, deterministic: m.Deterministic, missing: m.Missing}
		if failed {
			res.err = farmError(m.Reason)
		}
		f.do(func() { f.finished(msg.Drv, msg.From, res) })
	case kindLog:
		f.lg.publishFor(f, LogLine{Drv: msg.Drv, Peer: msg.From, Line: m.Line, Time: faults.Now()})
	}
}

// farmError is a failure reported by a peer.
type farmError string

func (e farmError) Error() string { return string(e) }
