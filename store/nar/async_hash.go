package nar

import (
	"crypto/sha256"
)

// asyncSHA256 is an io.Writer that copies what it is given into batches
// and hashes them with sha256 on its own goroutine, so that hashing runs
// beside the caller's work. Batches are allocated as the input grows, and
// input that fits the first batch is hashed by finish itself, without a
// goroutine. finish must be called exactly once.
type asyncSHA256 struct {
	cur  []byte
	made int // batches of hashBatchSize allocated
	full chan []byte
	free chan []byte
	done chan [32]byte
}

const (
	firstBatchSize = 64 << 10
	hashBatchSize  = 1 << 20
	hashBatches    = 4
)

func newAsyncSHA256() *asyncSHA256 {
	return &asyncSHA256{cur: make([]byte, 0, firstBatchSize)}
}

func (a *asyncSHA256) Write(p []byte) (int, error) {
	n := len(p)
	for len(p) > 0 {
		k := copy(a.cur[len(a.cur):cap(a.cur)], p)
		a.cur = a.cur[:len(a.cur)+k]
		p = p[k:]
		if len(a.cur) == cap(a.cur) {
			a.hand()
		}
	}
	return n, nil
}

// hand passes the current batch to the hashing goroutine, started on the
// first call, and takes a free one.
func (a *asyncSHA256) hand() {
	if a.full == nil {
		a.full, a.free, a.done = make(chan []byte, hashBatches), make(chan []byte, hashBatches+1), make(chan [32]byte)
		go func() {
			h := sha256.New()
			for b := range a.full {
				h.Write(b)
				a.free <- b[:0]
			}
			var sum [32]byte
			h.Sum(sum[:0])
			a.done <- sum
		}()
	}
	a.full <- a.cur
	select {
	case a.cur = <-a.free:
		return
	default:
	}
	if a.made < hashBatches {
		a.made++
		a.cur = make([]byte, 0, hashBatchSize)
		return
	}
	a.cur = <-a.free
}

// finish hashes what is left and returns the sha256 of everything
// written.
func (a *asyncSHA256) finish() [32]byte {
	if a.full == nil {
		return sha256.Sum256(a.cur)
	}
	if len(a.cur) > 0 {
		a.full <- a.cur
	}
	close(a.full)
	return <-a.done
}
