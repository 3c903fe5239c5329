package gossip

import (
	"context"
	"errors"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// A blocked handler stalls only its own deliveries: memberlist goes on,
// messages beyond InboxSize are dropped and counted, and a handler may
// call back into its Gossip.
func TestSlowHandlerDropsBeyondInbox(t *testing.T) {
	tn := testNet{name: "mem", mem: NewMemNetwork(1)}
	a, err := startNode(t, tn, Config{Name: "a"})
	if err != nil {
		t.Fatal(err)
	}
	release := make(chan struct{})
	var handled atomic.Int32
	var b *Gossip
	b, err = New(Config{Name: "b", Transport: tn.mem.NewTransport(), Join: []string{a.Addr()}, InboxSize: 2,
		OnMessage: func(m Message) {
			<-release
			handled.Add(1)
			if _, err := b.Broadcast(Message{Kind: KindDone, Drv: m.Drv}); err != nil {
				t.Errorf("Broadcast from a handler: %v", err)
			}
		}})
	if err != nil {
		t.Fatal(err)
	}
	defer b.Shutdown()
	waitFor(t, 10*time.Second, "a sees b", func() bool { _, ok := a.Member("b"); return ok })
	for i := 0; i < 5; i++ {
		if _, err := a.Send(context.Background(), "b", Message{Kind: KindOffer, Drv: "d"}, true); err != nil {
			t.Fatal(err)
		}
	}
	waitFor(t, 10*time.Second, "b receives all 5", func() bool { return b.Stats().Delivered == 5 })
	dropped := b.Stats().Dropped
	if dropped < 2 || dropped > 3 { // 1 in the handler (or not yet), 2 queued
		t.Errorf("dropped %d of 5 with a blocked handler and an inbox of 2", dropped)
	}
	close(release)
	waitFor(t, 10*time.Second, "the queued messages are handled", func() bool { return handled.Load() == int32(5-dropped) })
	waitFor(t, 10*time.Second, "a gets the handler's broadcasts", func() bool { return len(a.messages()) == int(5-dropped) })

	big := NodeMeta{PeerID: strings.Repeat("p", 600)}
	if err := b.SetMeta(context.Background(), big); !errors.Is(err, ErrMetaTooLarge) {
		t.Errorf("SetMeta with 600 bytes: %v", err)
	}
	if _, err := New(Config{Name: "c", Meta: big}); !errors.Is(err, ErrMetaTooLarge) {
		t.Errorf("New with 600 bytes of metadata: %v", err)
	}
	if _, err := New(Config{}); err == nil {
		t.Error("New without a name succeeded")
	}
}
