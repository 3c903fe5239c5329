package gossip

import (
	"errors"
	"reflect"
	"strings"
	"testing"
)

func TestNodeMetaRoundTrip(t *testing.T) {
	for _, m := range []NodeMeta{
		{},
		{PeerID: "12D3KooWAbc", APIAddr: "127.0.0.1:7400", Systems: []string{"x86_64-linux", "i686-linux"},
			Features: []string{"kvm", "big-parallel"}, FreeSlots: 3, TotalSlots: 4, Load: 0.75,
			StoreCapacity: 1 << 40, StoreUsed: 12345, SigningKey: "node1:AAAA"},
	} {
		b, err := m.MarshalBinary()
		if err != nil {
			t.Fatal(err)
		}
		var got NodeMeta
		if err := got.UnmarshalBinary(b); err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, m) {
			t.Errorf("round trip: got %+v, want %+v", got, m)
		}
	}
}

func TestNodeMetaErrors(t *testing.T) {
	big := NodeMeta{SigningKey: strings.Repeat("k", 600)}
	if _, err := big.MarshalBinary(); !errors.Is(err, ErrMetaTooLarge) {
		t.Errorf("600-byte key: err %v, want ErrMetaTooLarge", err)
	}
	good, _ := NodeMeta{PeerID: "p", Systems: []string{"x"}}.MarshalBinary()
	for name, b := range map[string][]byte{
		"empty":     nil,
		"version":   append([]byte{2}, good[1:]...),
		"truncated": good[:len(good)-1],
		"long list": {1, 0, 0, 0xff, 0xff, 0x03},
	} {
		var m NodeMeta
		if err := m.UnmarshalBinary(b); err == nil {
			t.Errorf("%s: decoded %+v, want an error", name, m)
		}
	}
}

func TestNodeMetaCanBuild(t *testing.T) {
	m := NodeMeta{Systems: []string{"x86_64-linux"}, Features: []string{"kvm"}}
	for _, c := range []struct {
		system   string
		features []string
		want     bool
	}{
		{"x86_64-linux", nil, true},
		{"x86_64-linux", []string{"kvm"}, true},
		{"x86_64-linux", []string{"kvm", "big-parallel"}, false},
		{"aarch64-linux", nil, false},
	} {
		if got := m.CanBuild(c.system, c.features); got != c.want {
			t.Errorf("CanBuild(%s, %v) = %v", c.system, c.features, got)
		}
	}
}

func TestMessageRoundTrip(t *testing.T) {
	for _, m := range []Message{
		{ID: NewMsgID(), Kind: KindOffer, From: "a", Drv: "/nix/store/x.drv", Body: []byte{1, 2, 3}},
		{ID: NewMsgID(), Kind: KindHeartbeat, From: "b", To: "a"},
	} {
		b, err := m.MarshalBinary()
		if err != nil {
			t.Fatal(err)
		}
		var got Message
		if err := got.UnmarshalBinary(b); err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, m) {
			t.Errorf("round trip: got %+v, want %+v", got, m)
		}
	}
	if _, err := (Message{}).MarshalBinary(); err == nil {
		t.Error("message without kind encoded")
	}
	good, _ := Message{Kind: KindDone, From: "a"}.MarshalBinary()
	for name, b := range map[string][]byte{
		"empty":    nil,
		"version":  append([]byte{9}, good[1:]...),
		"kind 0":   append([]byte{1, 0}, good[2:]...),
		"short":    good[:10],
		"trailing": append(good, 0),
	} {
		var m Message
		if err := m.UnmarshalBinary(b); err == nil {
			t.Errorf("%s: decoded %+v, want an error", name, m)
		}
	}
}

func TestSeenCacheForgetsOldest(t *testing.T) {
	c := newSeenCache(2)
	a, b, d := MsgID{1}, MsgID{2}, MsgID{3}
	if !c.firstTime(a) || !c.firstTime(b) || c.firstTime(a) {
		t.Fatal("first sightings wrong")
	}
	if !c.firstTime(d) { // evicts a
		t.Fatal("d seen before")
	}
	if !c.firstTime(a) {
		t.Error("a still remembered after two newer IDs in a cache of 2")
	}
	if c.firstTime(d) {
		t.Error("d forgotten")
	}
}

func TestDeriveKey(t *testing.T) {
	psk := []byte("0123456789abcdef0123456789abcdef")
	k1, err := DeriveKey(psk)
	if err != nil || len(k1) != 32 {
		t.Fatalf("DeriveKey: %x, %v", k1, err)
	}
	k2, _ := DeriveKey(psk)
	k3, _ := DeriveKey([]byte("another psk of thirty-two bytes!"))
	if string(k1) != string(k2) || string(k1) == string(k3) || string(k1) == string(psk) {
		t.Error("keys not a deterministic function of the PSK")
	}
	if _, err := DeriveKey([]byte("short")); err == nil {
		t.Error("5-byte PSK accepted")
	}
}

func FuzzNodeMeta(f *testing.F) {
	b, _ := NodeMeta{PeerID: "p", Systems: []string{"x86_64-linux"}, FreeSlots: 2}.MarshalBinary()
	f.Add(b)
	b, _ = NodeMeta{
		PeerID: "12D3KooW", APIAddr: "10.0.0.2:9000", Systems: []string{"x86_64-linux", "i686-linux"},
		Features: []string{"kvm", "big-parallel"}, FreeSlots: 3, TotalSlots: 4, Load: 0.75,
		StoreCapacity: 1 << 40, StoreUsed: 1 << 30, SigningKey: "cluster-1:AAAA",
	}.MarshalBinary()
	f.Add(b)
	f.Fuzz(func(t *testing.T, b []byte) {
		var m NodeMeta
		if m.UnmarshalBinary(b) != nil {
			return
		}
		b2, err := m.MarshalBinary()
		if err != nil {
			return // decoded fine but too large to re-advertise
		}
		var m2 NodeMeta
		if err := m2.UnmarshalBinary(b2); err != nil || !reflect.DeepEqual(m, m2) {
			t.Fatalf("re-encoding changed %+v to %+v (%v)", m, m2, err)
		}
	})
}

func FuzzMessage(f *testing.F) {
	b, _ := Message{Kind: KindClaim, From: "a", To: "b", Drv: "d", Body: []byte("x")}.MarshalBinary()
	f.Add(b)
	b, _ = Message{ID: MsgID{1, 2, 3}, Kind: KindOffer, From: "a", Drv: "/nix/store/x.drv", Body: make([]byte, 200)}.MarshalBinary()
	f.Add(b)
	f.Fuzz(func(t *testing.T, b []byte) {
		var m Message
		if m.UnmarshalBinary(b) != nil {
			return
		}
		b2, err := m.MarshalBinary()
		if err != nil || string(b2) != string(b) {
			t.Fatalf("re-encoding %x gave %x (%v)", b, b2, err)
		}
	})
}
