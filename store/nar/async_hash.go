package nar

import (
	"crypto/sha256"
)

// asyncSHA256 is an io.Writer that copies what it is given into batches
// and hashes them with sha256 on its own goroutine, so that hashing runs
// beside the caller's work. finish must be called exactly once.
type asyncSHA256 struct {
	cur  []byte
	full chan []byte
	free chan []byte
	done chan [32]byte
}

const (
	hashBatchSize = 1 << 20
	hashBatches   = 4
)

func newAsyncSHA256() *asyncSHA256 {
	a := &asyncSHA256{full: make(chan []byte, hashBatches), free: make(chan []byte, hashBatches), done: make(chan [32]byte)}
	for i := 0; i < hashBatches; i++ {
		a.free <- make([]byte, 0, hashBatchSize)
	}
	a.cur = <-a.free
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
	return a
}

func (a *asyncSHA256) Write(p []byte) (int, error) {
	n := len(p)
	for len(p) > 0 {
		k := copy(a.cur[len(a.cur):cap(a.cur)], p)
		a.cur = a.cur[:len(a.cur)+k]
		p = p[k:]
		if len(a.cur) == cap(a.cur) {
			a.full <- a.cur
			a.cur = <-a.free
		}
	}
	return n, nil
}

// finish hashes what is left and returns the sha256 of everything
// written.
func (a *asyncSHA256) finish() [32]byte {
	if len(a.cur) > 0 {
		a.full <- a.cur
	}
	close(a.full)
	return <-a.done
}
