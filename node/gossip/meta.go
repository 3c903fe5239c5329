package gossip

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"

	"github.com/hashicorp/memberlist"
)

// metaVersion is the first byte of an encoded NodeMeta. Decoders reject
// other versions; a new version may only append fields.
const metaVersion = 1

// ErrMetaTooLarge is returned when a NodeMeta does not fit memberlist's
// per-node metadata limit (memberlist.MetaMaxSize, 512 bytes).
var ErrMetaTooLarge = errors.New("gossip: node metadata larger than 512 bytes")

// NodeMeta is what a node advertises about itself to every member.
type NodeMeta struct {
	PeerID        string   // libp2p peer ID
	APIAddr       string   // gRPC + HTTP API, host:port
	Systems       []string // e.g. "x86_64-linux"
	Features      []string // Nix system features, e.g. "kvm", "big-parallel"
	FreeSlots     uint32   // build slots free right now
	TotalSlots    uint32
	Load          float32 // 1-minute load average divided by CPUs
	StoreCapacity uint64  // bytes
	StoreUsed     uint64  // bytes
	SigningKey    string  // Nix public key, "name:base64"
}

// MarshalBinary encodes m as: version byte, then PeerID, APIAddr, Systems,
// Features, FreeSlots, TotalSlots, Load (float32 bits), StoreCapacity,
// StoreUsed, SigningKey, where strings are uvarint length + bytes, lists are
// uvarint count + strings, and integers are uvarints. It fails with
// ErrMetaTooLarge beyond memberlist.MetaMaxSize bytes.
func (m NodeMeta) MarshalBinary() ([]byte, error) {
	b := make([]byte, 0, 128)
	b = append(b, metaVersion)
	b = appendString(b, m.PeerID)
	b = appendString(b, m.APIAddr)
	b = appendStrings(b, m.Systems)
	b = appendStrings(b, m.Features)
	b = binary.AppendUvarint(b, uint64(m.FreeSlots))
	b = binary.AppendUvarint(b, uint64(m.TotalSlots))
	b = binary.AppendUvarint(b, uint64(math.Float32bits(m.Load)))
	b = binary.AppendUvarint(b, m.StoreCapacity)
	b = binary.AppendUvarint(b, m.StoreUsed)
	b = appendString(b, m.SigningKey)
	if len(b) > memberlist.MetaMaxSize {
		return nil, fmt.Errorf("%w (%d bytes)", ErrMetaTooLarge, len(b))
	}
	return b, nil
}

// UnmarshalBinary decodes what MarshalBinary produced. Trailing bytes are
// allowed (fields appended by a later version of the same major version).
func (m *NodeMeta) UnmarshalBinary(b []byte) error {
	r := reader{b: b}
	if v := r.byte(); r.err == nil && v != metaVersion {
		return fmt.Errorf("gossip: node metadata version %d, want %d", v, metaVersion)
	}
	var out NodeMeta
	out.PeerID = r.string()
	out.APIAddr = r.string()
	out.Systems = r.strings()
	out.Features = r.strings()
	out.FreeSlots = r.uint32()
	out.TotalSlots = r.uint32()
	out.Load = math.Float32frombits(r.uint32())
	if r.err == nil && !(out.Load >= 0 && out.Load <= math.MaxFloat32) {
		r.fail(fmt.Errorf("load %v", out.Load))
	}
	out.StoreCapacity = r.uvarint()
	out.StoreUsed = r.uvarint()
	out.SigningKey = r.string()
	if r.err != nil {
		return fmt.Errorf("gossip: node metadata: %w", r.err)
	}
	*m = out
	return nil
}

// CanBuild reports whether the node builds for system and has every
// required feature.
func (m NodeMeta) CanBuild(system string, required []string) bool {
	if !contains(m.Systems, system) {
		return false
	}
	for _, f := range required {
		if !contains(m.Features, f) {
			return false
		}
	}
	return true
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
