// Package stdsort reproduces GCC 12 libstdc++'s std::stable_sort, which
// Nix 2.8 uses for builtins.sort.
//
// With a comparator that is a strict weak ordering every stable sort gives
// the same result, but Nix programs also sort with comparators that are
// not (a: b: a <= b, a: b: true, comparators on floats with NaN, ...), and
// then the result, the number of comparator calls and their order (which
// shows in trace output and in which error is reported) depend on the
// algorithm. StableSort makes the same calls in the same order as
// libstdc++, assuming its temporary buffer could be allocated (always, in
// practice): insertion sort of chunks of 7, bottom-up merging through a
// buffer of half the length, and a final adaptive merge of the two halves.
package stdsort

// chunkSize is libstdc++'s _S_chunk_size.
const chunkSize = 7

type sorter[T any] struct {
	less func(a, b T) (bool, error)
	err  error
}

// lt calls the comparator unless an earlier call failed; after a failure
// it answers false without calling, and the sort finishes in some order.
func (s *sorter[T]) lt(a, b T) bool {
	if s.err != nil {
		return false
	}
	r, err := s.less(a, b)
	if err != nil {
		s.err = err
		return false
	}
	return r
}

// StableSort sorts xs in place with the calls libstdc++'s
// std::stable_sort(first, last, comp) makes, where less(a, b) is comp(a, b).
// If less returns an error, no further calls are made and StableSort
// returns that error, leaving xs in an unspecified order.
func StableSort[T any](xs []T, less func(a, b T) (bool, error)) error {
	if len(xs) == 0 {
		return nil
	}
	s := &sorter[T]{less: less}
	buf := make([]T, (len(xs)+1)/2)
	s.adaptive(xs, buf)
	return s.err
}

// adaptive is __stable_sort_adaptive with a buffer of half the input,
// so it never needs to recurse or to merge without a buffer.
func (s *sorter[T]) adaptive(xs, buf []T) {
	half := (len(xs) + 1) / 2
	s.mergeSortWithBuffer(xs[:half], buf)
	s.mergeSortWithBuffer(xs[half:], buf)
	s.mergeAdaptive(xs, half, buf)
}

// insertionSort is __insertion_sort.
func (s *sorter[T]) insertionSort(xs []T) {
	for i := 1; i < len(xs); i++ {
		v := xs[i]
		if s.lt(v, xs[0]) {
			copy(xs[1:i+1], xs[:i])
			xs[0] = v
			continue
		}
		// __unguarded_linear_insert; the guard only matters for
		// comparators that answer differently for the same pair.
		j := i
		for j > 0 && s.lt(v, xs[j-1]) {
			xs[j] = xs[j-1]
			j--
		}
		xs[j] = v
	}
}

// mergeSortWithBuffer is __merge_sort_with_buffer.
func (s *sorter[T]) mergeSortWithBuffer(xs, buf []T) {
	n := len(xs)
	for i := 0; ; i += chunkSize {
		if n-i < chunkSize {
			s.insertionSort(xs[i:])
			break
		}
		s.insertionSort(xs[i : i+chunkSize])
	}
	buf = buf[:n]
	for step := chunkSize; step < n; {
		s.mergeSortLoop(xs, buf, step)
		step *= 2
		s.mergeSortLoop(buf, xs, step)
		step *= 2
	}
}

// mergeSortLoop is __merge_sort_loop: merge runs of step from src to dst.
func (s *sorter[T]) mergeSortLoop(src, dst []T, step int) {
	i, out := 0, 0
	for len(src)-i >= 2*step {
		out = s.moveMerge(src[i:i+step], src[i+step:i+2*step], dst, out)
		i += 2 * step
	}
	mid := min(len(src)-i, step)
	s.moveMerge(src[i:i+mid], src[i+mid:], dst, out)
}

// moveMerge is __move_merge: merge a and b into dst[out:], preferring a
// unless b's element is less. It returns the next output index.
func (s *sorter[T]) moveMerge(a, b, dst []T, out int) int {
	i, j := 0, 0
	for i < len(a) && j < len(b) {
		if s.lt(b[j], a[i]) {
			dst[out] = b[j]
			j++
		} else {
			dst[out] = a[i]
			i++
		}
		out++
	}
	out += copy(dst[out:], a[i:])
	out += copy(dst[out:], b[j:])
	return out
}

// mergeAdaptive is __merge_adaptive for xs[:mid] and xs[mid:], where
// the shorter half always fits the buffer.
func (s *sorter[T]) mergeAdaptive(xs []T, mid int, buf []T) {
	len1, len2 := mid, len(xs)-mid
	switch {
	case len1 <= len2 && len1 <= len(buf):
		b := buf[:len1]
		copy(b, xs[:mid])
		// __move_merge_adaptive: merge b and xs[mid:] into xs.
		i, j, out := 0, mid, 0
		for i < len(b) && j < len(xs) {
			if s.lt(xs[j], b[i]) {
				xs[out] = xs[j]
				j++
			} else {
				xs[out] = b[i]
				i++
			}
			out++
		}
		copy(xs[out:], b[i:])
	default: // len2 < len1 <= len(buf)
		b := buf[:len2]
		copy(b, xs[mid:])
		s.mergeBackward(xs, mid, b)
	}
}

// mergeBackward is __move_merge_adaptive_backward: merge xs[:mid] and b
// (a copy of xs[mid:]) into xs from the end.
func (s *sorter[T]) mergeBackward(xs []T, mid int, b []T) {
	if mid == 0 {
		copy(xs, b)
		return
	}
	if len(b) == 0 {
		return
	}
	l1, l2, out := mid-1, len(b)-1, len(xs)
	for {
		if s.lt(b[l2], xs[l1]) {
			out--
			xs[out] = xs[l1]
			if l1 == 0 {
				copy(xs[out-(l2+1):out], b[:l2+1])
				return
			}
			l1--
		} else {
			out--
			xs[out] = b[l2]
			if l2 == 0 {
				return
			}
			l2--
		}
	}
}
