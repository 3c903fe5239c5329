package gossip

import "sync"

// dispatcher hands messages and events to the user's handlers from one
// goroutine, so handlers run one at a time and never under memberlist's
// locks. Messages beyond max are dropped; events are never dropped.
type dispatcher struct {
	onMsg   func(Message)
	onEvent func(Event)
	max     int

	mu      sync.Mutex
	cond    *sync.Cond
	queue   []item // arrival order
	msgs    int    // messages in queue
	dropped uint64
	closed  bool
	done    chan struct{}
}

type item struct {
	msg   *Message
	event *Event
}

func newDispatcher(onMsg func(Message), onEvent func(Event), max int) *dispatcher {
	d := &dispatcher{onMsg: onMsg, onEvent: onEvent, max: max, done: make(chan struct{})}
	d.cond = sync.NewCond(&d.mu)
	go d.run()
	return d
}

func (d *dispatcher) message(m Message) {
	if d.onMsg == nil {
		return
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.closed {
		return
	}
	if d.msgs >= d.max {
		d.dropped++
		return
	}
	d.msgs++
	d.queue = append(d.queue, item{msg: &m})
	d.cond.Signal()
}

func (d *dispatcher) event(e Event) {
	if d.onEvent == nil {
		return
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.closed {
		return
	}
	d.queue = append(d.queue, item{event: &e})
	d.cond.Signal()
}

func (d *dispatcher) run() {
	defer close(d.done)
	for {
		d.mu.Lock()
		for len(d.queue) == 0 && !d.closed {
			d.cond.Wait()
		}
		if d.closed {
			d.mu.Unlock()
			return
		}
		it := d.queue[0]
		d.queue[0] = item{}
		d.queue = d.queue[1:]
		if it.msg != nil {
			d.msgs--
		}
		d.mu.Unlock()
		if it.msg != nil {
			d.onMsg(*it.msg)
		} else {
			d.onEvent(*it.event)
		}
	}
}

// close stops delivery; queued items are discarded. It does not wait for a
// handler call in progress (it may be the caller).
func (d *dispatcher) close() {
	d.mu.Lock()
	d.closed = true
	d.queue = nil
	d.cond.Signal()
	d.mu.Unlock()
}

func (d *dispatcher) droppedCount() uint64 {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.dropped
}
