package s3store_test

import (
	"bytes"
	"errors"
	"testing"
	"time"

	"github.com/p2pnix/tvix/proto/storev1"
	"github.com/p2pnix/tvix/store"
	"github.com/p2pnix/tvix/store/s3store"
	"github.com/p2pnix/tvix/store/s3store/s3test"
	"github.com/p2pnix/tvix/store/storetest"
)

func TestCollectGarbage(t *testing.T) {
	srv := s3test.Start(t)
	bucket := srv.NewBucket(t)
	st := open(t, srv, bucket, "p", s3store.Options{})
	ctx := t.Context()
	r := storetest.NewRand(t)

	_, keep := storetest.PutTreePath(t, st, r)
	_, drop := storetest.PutTreePath(t, st, r)
	_, pinned := storetest.PutTreePath(t, st, r)
	orphan := storetest.RandomBytes(r, 3<<20)
	orphanD, _, err := st.Blobs.Put(ctx, bytes.NewReader(orphan))
	if err != nil {
		t.Fatal(err)
	}
	hash := func(info *storev1.PathInfo) [store.StorePathHashSize]byte {
		t.Helper()
		h, err := store.ValidatePathInfo(info)
		if err != nil {
			t.Fatal(err)
		}
		return h
	}
	m := st.Maintenance
	if err := m.Pin(ctx, hash(pinned)); err != nil {
		t.Fatal(err)
	}
	if err := m.Delete(ctx, hash(pinned)); !errors.Is(err, store.ErrPinned) {
		t.Fatalf("Delete(pinned): %v, want ErrPinned", err)
	}
	if err := m.Delete(ctx, hash(drop)); err != nil {
		t.Fatal(err)
	}
	before := len(srv.Keys(t, bucket, "p/"))

	// Everything is younger than an hour: nothing goes.
	stats, err := s3store.CollectGarbage(ctx, st, time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	if stats != (store.GCStats{}) || len(srv.Keys(t, bucket, "p/")) != before+1 { // + the clock object
		t.Fatalf("collection within the grace period removed %+v", stats)
	}

	// No grace: the dropped path's own content and the orphan go.
	stats, err = s3store.CollectGarbage(ctx, st, 0)
	if err != nil {
		t.Fatal(err)
	}
	// drop's tree has three directories of its own and two blobs (one of
	// them chunked); the orphan is a chunked blob.
	if stats.Directories != 3 || stats.Blobs != 2 || stats.Chunks < 4 {
		t.Errorf("collected %+v", stats)
	}
	if ok, _ := st.Blobs.Has(ctx, orphanD); ok {
		t.Error("the orphan blob survived")
	}
	var problems []error
	vs, err := store.VerifyAll(ctx, st, func(e error) { problems = append(problems, e) })
	if err != nil || len(problems) > 0 {
		t.Fatalf("after collection: %v, problems %v", err, problems)
	}
	if vs.PathInfos != 2 {
		t.Errorf("%d PathInfos after collection, want 2", vs.PathInfos)
	}
	if pins, err := m.Pins(ctx); err != nil || len(pins) != 1 || pins[0].Hash != hash(pinned) {
		t.Errorf("Pins = %v, %v", pins, err)
	}
	if was, err := m.Unpin(ctx, hash(pinned)); err != nil || !was {
		t.Errorf("Unpin = %v, %v", was, err)
	}
	if err := m.Delete(ctx, hash(pinned)); err != nil {
		t.Fatal(err)
	}
	if _, err := s3store.CollectGarbage(ctx, st, 0); err != nil {
		t.Fatal(err)
	}
	if _, err := st.PathInfos.Get(ctx, hash(keep)); err != nil {
		t.Fatal(err)
	}
	problems = nil
	if _, err := store.VerifyAll(ctx, st, func(e error) { problems = append(problems, e) }); err != nil || len(problems) > 0 {
		t.Fatalf("after the second collection: %v, problems %v", err, problems)
	}
}
