package store

import (
	"context"
	"sync"
)

// RunJobs runs jobs, at most workers at once, and returns the first
// error; after an error, or when ctx ends, the jobs not yet started are
// skipped and the ctx passed to the running ones is cancelled.
func RunJobs(ctx context.Context, workers int, jobs []func(context.Context) error) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	work := make(chan func(context.Context) error)
	var wg sync.WaitGroup
	var once sync.Once
	var first error
	for range min(workers, len(jobs)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for job := range work {
				if err := job(ctx); err != nil {
					once.Do(func() { first = err; cancel() })
				}
			}
		}()
	}
feed:
	for _, job := range jobs {
		select {
		case work <- job:
		case <-ctx.Done():
			break feed
		}
	}
	close(work)
	wg.Wait()
	if first == nil && ctx.Err() != nil {
		return ctx.Err()
	}
	return first
}
