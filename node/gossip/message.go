package gossip

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
)

// msgVersion is the first byte of an encoded Message.
const msgVersion = 1

// MaxBroadcastSize bounds an encoded broadcast Message so that it fits one
// gossip packet (memberlist's UDPBufferSize is 1400 bytes, some of it
// memberlist's own framing and encryption overhead).
const MaxBroadcastSize = 1024

// MaxMessageSize bounds an encoded point-to-point Message.
const MaxMessageSize = 1 << 20

// ErrMessageTooLarge is returned by Broadcast and Send for messages over
// MaxBroadcastSize or MaxMessageSize.
var ErrMessageTooLarge = errors.New("gossip: message too large")

// Kind says what a Message is about. The gossip layer does not interpret
// Body; Kind lets the receiver decode it.
type Kind uint8

// Message kinds of the build farm. Kinds from KindUser up are free for
// other uses.
const (
	KindOffer     Kind = iota + 1 // a coordinator offers a ready job (broadcast)
	KindClaim                     // a peer bids for an offered job (to the coordinator)
	KindLease                     // a coordinator grants or revokes a lease (to the builder)
	KindHeartbeat                 // a builder renews its lease (to the coordinator)
	KindBuilding                  // a node announces it is building Drv (broadcast)
	KindDone                      // a build of Drv finished (broadcast or direct)
	KindFailed                    // a build of Drv failed (broadcast or direct)
	KindUser      Kind = 64

	// kindLeaving is the gossip layer's own "I am leaving" broadcast; it
	// is relayed but never delivered to OnMessage.
	kindLeaving Kind = 255
)

var kindNames = map[Kind]string{
	KindOffer: "offer", KindClaim: "claim", KindLease: "lease",
	KindHeartbeat: "heartbeat", KindBuilding: "building", KindDone: "done",
	KindFailed: "failed",
}

func (k Kind) String() string {
	if s, ok := kindNames[k]; ok {
		return s
	}
	return fmt.Sprintf("kind(%d)", uint8(k))
}

// MsgID identifies a message cluster-wide; receivers deliver each ID once.
type MsgID [16]byte

// NewMsgID returns a random ID.
func NewMsgID() MsgID {
	var id MsgID
	_, _ = rand.Read(id[:]) // crypto/rand.Read never fails (Go ≥ 1.24)
	return id
}

func (id MsgID) String() string { return hex.EncodeToString(id[:]) }

// Message is the envelope of every build-farm message.
type Message struct {
	ID   MsgID  // zero: Send and Broadcast assign a random one
	Kind Kind   // never zero
	From string // sender's node name; set by Send and Broadcast
	To   string // recipient's node name; empty for broadcasts
	Drv  string // the derivation path it concerns, if any
	Body []byte // kind-specific payload, opaque to this package
}

// MarshalBinary encodes m as: version byte, kind byte, 16-byte ID, then
// From, To, Drv and Body, each a uvarint length and the bytes.
func (m Message) MarshalBinary() ([]byte, error) {
	if m.Kind == 0 {
		return nil, errors.New("gossip: message without kind")
	}
	b := make([]byte, 0, 2+len(m.ID)+4+len(m.From)+len(m.To)+len(m.Drv)+len(m.Body)+8)
	b = append(b, msgVersion, byte(m.Kind))
	b = append(b, m.ID[:]...)
	b = appendString(b, m.From)
	b = appendString(b, m.To)
	b = appendString(b, m.Drv)
	b = appendBytes(b, m.Body)
	return b, nil
}

// UnmarshalBinary decodes what MarshalBinary produced. Body is copied, so b
// may be reused afterwards.
func (m *Message) UnmarshalBinary(b []byte) error {
	r := reader{b: b}
	if v := r.byte(); r.err == nil && v != msgVersion {
		return fmt.Errorf("gossip: message version %d, want %d", v, msgVersion)
	}
	var out Message
	out.Kind = Kind(r.byte())
	if r.err == nil && out.Kind == 0 {
		r.fail(errors.New("kind 0"))
	}
	for i := range out.ID {
		out.ID[i] = r.byte()
	}
	out.From = r.string()
	out.To = r.string()
	out.Drv = r.string()
	if body := r.bytes(); len(body) > 0 {
		out.Body = append([]byte(nil), body...)
	}
	if r.err == nil && r.off != len(b) {
		r.fail(fmt.Errorf("%d trailing bytes", len(b)-r.off))
	}
	if r.err != nil {
		return fmt.Errorf("gossip: message: %w", r.err)
	}
	*m = out
	return nil
}
