package store

import (
	"sync"

	"github.com/zeebo/blake3"
)

// wholeHasher hashes a blob's chunks with blake3, in order, on a
// goroutine of its own, so that the blob's digest is computed beside the
// chunking and the chunks' own digests (a second core's work). The
// slices it is given are read later: the caller must not change them
// until wait (or sum) returns.
type wholeHasher struct {
	h    *blake3.Hasher
	in   chan []byte
	busy sync.WaitGroup // slices sent and not yet hashed
	done chan struct{}  // closed when the goroutine has ended
}

func newWholeHasher() *wholeHasher {
	in := make(chan []byte, 64)
	w := &wholeHasher{h: blake3.New(), in: in, done: make(chan struct{})}
	go func() {
		defer close(w.done)
		for b := range in {
			w.h.Write(b)
			w.busy.Done()
		}
	}()
	return w
}

// write hands b to the hashing goroutine.
func (w *wholeHasher) write(b []byte) {
	w.busy.Add(1)
	w.in <- b
}

// wait returns once every slice written so far is hashed.
func (w *wholeHasher) wait() { w.busy.Wait() }

// stop ends the goroutine once it has hashed what it was given; the
// hasher takes no more writes after it. It may be called more than once.
func (w *wholeHasher) stop() {
	select {
	case <-w.done:
		return
	default:
	}
	if w.in != nil {
		close(w.in)
		w.in = nil
	}
	<-w.done
}

// sum stops the hasher and returns the digest of everything written.
func (w *wholeHasher) sum() Digest {
	w.stop()
	var d Digest
	w.h.Sum(d[:0])
	return d
}
