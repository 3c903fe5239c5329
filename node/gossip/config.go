package gossip

import (
	"crypto/hkdf"
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"net"
	"strconv"
	"time"

	"github.com/hashicorp/memberlist"
)

// KeyContext is the HKDF info string that DeriveKey binds the gossip key
// to, so the same PSK yields unrelated keys for other uses.
const KeyContext = "tvix-node memberlist gossip key v1"

// DeriveKey returns the 32-byte AES-256 key for memberlist's SecretKey:
// HKDF-SHA256 over psk with no salt and info KeyContext.
func DeriveKey(psk []byte) ([]byte, error) {
	if len(psk) < 16 {
		return nil, fmt.Errorf("gossip: PSK of %d bytes, want at least 16", len(psk))
	}
	return hkdf.Key(sha256.New, psk, nil, KeyContext, 32)
}

// Profile selects failure-detection and gossip timings.
type Profile int

const (
	// ProfileLAN is the default: probe every 200 ms (timeout 100 ms),
	// suspicion multiplier 2, gossip every 100 ms, TCP timeout 3 s, full
	// state exchange with a random member every 2 s (which repairs what
	// lost gossip missed). A killed node is declared dead in about a
	// second on a LAN.
	ProfileLAN Profile = iota
	// ProfileDefault is memberlist.DefaultLANConfig's timings (probe 1 s,
	// suspicion multiplier 4): 5–6 s to declare a node dead.
	ProfileDefault
	// ProfileWAN is memberlist.DefaultWANConfig's timings.
	ProfileWAN
)

// Config configures New. The zero value of every field but Name selects a
// default.
type Config struct {
	// Name is the node's unique name in the cluster (typically its libp2p
	// peer ID). Required.
	Name string
	// BindAddr is the gossip listen address, host:port (UDP and TCP);
	// default "127.0.0.1:0" (any free port). Ignored when Transport is set.
	BindAddr string
	// AdvertiseAddr is the address other members reach this node at;
	// default: the bound address.
	AdvertiseAddr string
	// Join lists gossip addresses of existing members; New joins through
	// them and fails when none answers. Empty: start a new cluster.
	Join []string
	// PSK is the cluster pre-shared key; the gossip key is DeriveKey(PSK).
	// Nil disables encryption (tests only).
	PSK []byte
	// Meta is the node's initial metadata.
	Meta NodeMeta
	// Profile selects timings; default ProfileLAN.
	Profile Profile
	// TimeScale multiplies every interval and timeout of the profile;
	// default 1. An in-process simulation of many nodes on few cores needs
	// more than 1, or scheduling delays look like failures.
	TimeScale float64
	// Transport replaces memberlist's UDP/TCP transport, e.g. with
	// MemNetwork.NewTransport.
	Transport memberlist.Transport
	// OnMessage receives every message addressed to this node or broadcast,
	// once per message ID. See the package doc for the concurrency contract.
	OnMessage func(Message)
	// OnEvent receives membership events, same contract as OnMessage.
	OnEvent func(Event)
	// InboxSize bounds messages waiting for OnMessage; default 4096.
	InboxSize int
	// SeenSize is how many message IDs are remembered for deduplication;
	// default 65536.
	SeenSize int
	// RetransmitMult: every node that queues a broadcast (its sender and
	// each relay) piggybacks it on RetransmitMult × ceil(log10(N+1))
	// gossip packets to random members; default 8, twice memberlist's
	// own multiplier for its membership messages. Each transmission misses
	// a given member with probability about 1-1/(N-1), so a member misses a
	// broadcast with probability about exp(-RetransmitMult × log10(N+1)
	// × N/(N-1)) without loss: around 1e-5 for 5 nodes, less for more.
	RetransmitMult int
	// ReconnectInterval is how often the node tries to rejoin one member
	// it saw die, which is how the two sides of a healed partition find
	// each other again; default 2 s (ProfileLAN) or 30 s.
	ReconnectInterval time.Duration
	// ReconnectTimeout is how long a dead member is retried; default 24 h.
	ReconnectTimeout time.Duration
	// LogOutput receives memberlist's log; default discarded.
	LogOutput io.Writer
}

func (c *Config) setDefaults() error {
	if c.Name == "" {
		return errors.New("gossip: Config.Name is required")
	}
	if c.BindAddr == "" {
		c.BindAddr = "127.0.0.1:0"
	}
	if c.InboxSize <= 0 {
		c.InboxSize = 4096
	}
	if c.SeenSize <= 0 {
		c.SeenSize = 1 << 16
	}
	if c.RetransmitMult <= 0 {
		c.RetransmitMult = 8
	}
	if c.ReconnectInterval <= 0 {
		c.ReconnectInterval = 30 * time.Second
		if c.Profile == ProfileLAN {
			c.ReconnectInterval = 2 * time.Second
		}
	}
	if c.ReconnectTimeout <= 0 {
		c.ReconnectTimeout = 24 * time.Hour
	}
	if c.TimeScale == 0 {
		c.TimeScale = 1
	}
	if c.TimeScale < 0 {
		return fmt.Errorf("gossip: negative TimeScale %v", c.TimeScale)
	}
	if c.LogOutput == nil {
		c.LogOutput = io.Discard
	}
	if c.Profile < ProfileLAN || c.Profile > ProfileWAN {
		return fmt.Errorf("gossip: unknown profile %d", c.Profile)
	}
	if _, err := c.Meta.MarshalBinary(); err != nil {
		return err
	}
	return nil
}

// memberlistConfig turns c (with defaults set) into memberlist's config,
// without delegates.
func (c *Config) memberlistConfig() (*memberlist.Config, error) {
	var mc *memberlist.Config
	switch c.Profile {
	case ProfileWAN:
		mc = memberlist.DefaultWANConfig()
	default:
		mc = memberlist.DefaultLANConfig()
	}
	if c.Profile == ProfileLAN {
		mc.ProbeInterval = 200 * time.Millisecond
		mc.ProbeTimeout = 100 * time.Millisecond
		mc.SuspicionMult = 2
		mc.GossipInterval = 100 * time.Millisecond
		mc.GossipToTheDeadTime = 5 * time.Second
		mc.TCPTimeout = 3 * time.Second
		mc.PushPullInterval = 2 * time.Second // memberlist stretches it beyond 32 nodes
	}
	for _, d := range []*time.Duration{&mc.ProbeInterval, &mc.ProbeTimeout, &mc.GossipInterval,
		&mc.GossipToTheDeadTime, &mc.TCPTimeout, &mc.PushPullInterval} {
		*d = time.Duration(float64(*d) * c.TimeScale)
	}
	mc.Name = c.Name
	mc.LogOutput = c.LogOutput
	if c.PSK != nil {
		key, err := DeriveKey(c.PSK)
		if err != nil {
			return nil, err
		}
		mc.SecretKey = key
	}
	if c.Transport != nil {
		mc.Transport = c.Transport
	} else {
		host, port, err := splitHostPort(c.BindAddr)
		if err != nil {
			return nil, fmt.Errorf("gossip: BindAddr: %w", err)
		}
		mc.BindAddr, mc.BindPort = host, port
		mc.AdvertisePort = port
	}
	if c.AdvertiseAddr != "" {
		host, port, err := splitHostPort(c.AdvertiseAddr)
		if err != nil {
			return nil, fmt.Errorf("gossip: AdvertiseAddr: %w", err)
		}
		mc.AdvertiseAddr, mc.AdvertisePort = host, port
	}
	return mc, nil
}

func splitHostPort(addr string) (string, int, error) {
	host, p, err := net.SplitHostPort(addr)
	if err != nil {
		return "", 0, err
	}
	port, err := strconv.Atoi(p)
	if err != nil || port < 0 || port > 65535 {
		return "", 0, fmt.Errorf("bad port in %q", addr)
	}
	return host, port, nil
}
