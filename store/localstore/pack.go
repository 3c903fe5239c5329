package localstore

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"sync"
	"unsafe"

	"github.com/p2pnix/tvix/store"
)

// packRollSize is the size at which a pack is closed and a new one begun,
// even without a commit (a variable for tests).
var packRollSize uint64 = 256 << 20

// A pack's bytes are gathered in a stage buffer of stageSize bytes and
// written a full stage at a time by a goroutine of their own (at most
// maxWrites at once), so that chunking and hashing go on meanwhile.
// Where the file system allows, the pack is opened with O_DIRECT: the
// stage goes from memory to the disk, with no copy into the page cache
// and no writeback left for the commit's fsync; the stage is then aligned
// to directAlign, a partial last block is written padded with zeros (and
// again, once it has grown), and the file is cut to its size when the
// pack is closed.
const (
	stageSize   = 4 << 20
	maxWrites   = 2
	directAlign = 4096
)

// directIO says whether packs are opened with O_DIRECT where the file
// system allows (a variable for tests of the buffered path).
var directIO = true

// chunkLoc is where a chunk's bytes are: pack id, offset, length; or,
// for a chunk of at most inlineMax bytes, the bytes themselves (pack 0,
// which no pack file has: ids start at 1).
type chunkLoc struct {
	pack, off, size uint64
	data            []byte // an inline chunk's bytes
}

const chunkLocSize = 24

// inlineMax is the size up to which a chunk is kept in its record in
// meta.db instead of a pack: a small file (a .drv, a build's one-line
// output) then needs no pack of its own, whose creation, rename and two
// fsyncs (pack and packs/) cost more than the bbolt commit that records
// it anyway.
const inlineMax = 4096

func (l chunkLoc) inline() bool { return l.pack == 0 }

func (l chunkLoc) encode() []byte {
	b := make([]byte, chunkLocSize+len(l.data)) // a fresh slice: bbolt keeps it until commit
	putUint64(b[0:], l.pack)
	putUint64(b[8:], l.off)
	putUint64(b[16:], l.size)
	copy(b[chunkLocSize:], l.data)
	return b
}

// decodeChunkLoc decodes a chunk record; an inline chunk's data aliases
// b.
func decodeChunkLoc(b []byte) (chunkLoc, error) {
	if len(b) < chunkLocSize {
		return chunkLoc{}, fmt.Errorf("%w: chunk record of %d bytes", store.ErrCorrupt, len(b))
	}
	l := chunkLoc{pack: getUint64(b[0:]), off: getUint64(b[8:]), size: getUint64(b[16:])}
	switch {
	case l.inline() && uint64(len(b)-chunkLocSize) == l.size:
		l.data = b[chunkLocSize:]
	case l.inline() || len(b) != chunkLocSize:
		return chunkLoc{}, fmt.Errorf("%w: chunk record of %d bytes for pack %d", store.ErrCorrupt, len(b), l.pack)
	}
	return l, nil
}

// packs appends chunks to pack files. A pack is written as tmp/<id>.pack
// and moved to packs/<id>.pack by seal, before the commit that records its
// chunks; ids only grow, and the next id is recorded with each commit, so
// a pack left by a crash (unrecorded) is simply overwritten later.
type packs struct {
	dir string

	mu       sync.Mutex
	next     uint64 // id of the next pack to create
	cur      *os.File
	curID    uint64
	curSize  uint64
	direct   bool     // cur was opened with O_DIRECT
	stage    []byte   // cur's bytes from stageOff on, not yet written
	stageOff uint64   // aligned to directAlign when direct
	written  []uint64 // closed packs still in tmp/
	unsynced []uint64 // packs moved to packs/ but not yet fsynced

	writing sync.WaitGroup // writes of stages in flight
	slots   chan struct{}  // one per write in flight
	wmu     sync.Mutex
	werr    error    // the first failed write: every later append and seal fails
	free    [][]byte // stage buffers
}

func packPath(dir string, id uint64, committed bool) string {
	sub := "tmp"
	if committed {
		sub = "packs"
	}
	return filepath.Join(dir, sub, strconv.FormatUint(id, 10)+".pack")
}

// getStage returns an empty stage buffer, aligned for O_DIRECT.
func (p *packs) getStage() []byte {
	p.wmu.Lock()
	defer p.wmu.Unlock()
	if n := len(p.free); n > 0 {
		b := p.free[n-1]
		p.free = p.free[:n-1]
		return b[:0]
	}
	b := make([]byte, stageSize+directAlign)
	skip := int(uintptr(directAlign)-uintptr(unsafe.Pointer(&b[0]))%directAlign) % directAlign
	return b[skip : skip : skip+stageSize]
}

// fail records err as the first failure, after which the packs take no
// more chunks and seal nothing: chunks already handed out may be lost.
func (p *packs) fail(err error) {
	p.wmu.Lock()
	defer p.wmu.Unlock()
	if p.werr == nil {
		p.werr = err
	}
}

func (p *packs) writeErr() error {
	p.wmu.Lock()
	defer p.wmu.Unlock()
	return p.werr
}

// submit writes the full stage b at off of cur on a goroutine of its own
// and gives b back to the free list when done. The caller holds mu.
func (p *packs) submit(b []byte, off uint64) {
	if p.slots == nil {
		p.slots = make(chan struct{}, maxWrites)
	}
	p.slots <- struct{}{}
	p.writing.Add(1)
	f, id, direct := p.cur, p.curID, p.direct
	go func() {
		defer p.writing.Done()
		_, err := f.WriteAt(b, int64(off))
		if err == nil && !direct {
			startWriteback(f, int64(off), int64(len(b)))
		}
		if err != nil {
			p.fail(fmt.Errorf("write pack %d: %w", id, err))
		}
		p.wmu.Lock()
		p.free = append(p.free, b[:0])
		p.wmu.Unlock()
		<-p.slots
	}()
}

// append adds data to the current pack and returns where it went.
func (p *packs) append(data []byte) (chunkLoc, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if err := p.writeErr(); err != nil {
		return chunkLoc{}, err
	}
	if p.cur != nil && p.curSize >= packRollSize {
		if err := p.closeCurrent(); err != nil {
			return chunkLoc{}, err
		}
	}
	if p.cur == nil {
		path := packPath(p.dir, p.next, false)
		flag := 0
		if directIO {
			flag = directFlag
		}
		f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_TRUNC|flag, 0o644)
		p.direct = err == nil && flag != 0
		if err != nil && flag != 0 {
			f, err = os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o644)
		}
		if p.direct {
			p.direct = directUsable(f)
		}
		if err != nil {
			return chunkLoc{}, fmt.Errorf("create pack: %w", err)
		}
		p.cur, p.curID, p.curSize, p.stage, p.stageOff = f, p.next, 0, p.getStage(), 0
		p.next++
	}
	loc := chunkLoc{pack: p.curID, off: p.curSize, size: uint64(len(data))}
	p.curSize += uint64(len(data))
	for len(data) > 0 {
		k := copy(p.stage[len(p.stage):cap(p.stage)], data)
		p.stage = p.stage[:len(p.stage)+k]
		data = data[k:]
		if len(p.stage) == cap(p.stage) {
			p.submit(p.stage, p.stageOff)
			p.stageOff += uint64(len(p.stage))
			p.stage = p.getStage()
		}
	}
	return loc, nil
}

// flushStage writes what the stage holds (padded to a block when direct)
// and waits for every write of cur, so that all of cur's bytes can be
// read from the file. The caller holds mu.
func (p *packs) flushStage() error {
	if n := len(p.stage); n > 0 {
		end, keep := n, n
		if p.direct {
			end = (n + directAlign - 1) &^ (directAlign - 1)
			clear(p.stage[n:end])
			keep = n &^ (directAlign - 1)
		}
		if _, err := p.cur.WriteAt(p.stage[:end], int64(p.stageOff)); err != nil {
			p.fail(fmt.Errorf("write pack %d: %w", p.curID, err))
		}
		// A partial block stays staged: it is written again once it grows.
		p.stage = p.stage[:copy(p.stage, p.stage[keep:n])]
		p.stageOff += uint64(keep)
	}
	p.writing.Wait()
	return p.writeErr()
}

// readable makes the bytes of pack id below end readable from its file.
func (p *packs) readable(id, end uint64) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.cur == nil || id != p.curID {
		return nil
	}
	if end <= p.stageOff {
		p.writing.Wait()
		return p.writeErr()
	}
	return p.flushStage()
}

// open opens pack id to read the bytes below end.
func (p *packs) open(id, end uint64) (*os.File, error) {
	if err := p.readable(id, end); err != nil {
		return nil, err
	}
	return openPack(p.dir, id)
}

func (p *packs) closeCurrent() error {
	f := p.cur
	err := p.flushStage()
	if err == nil && p.direct {
		if err = f.Truncate(int64(p.curSize)); err != nil { // drop the padding
			err = fmt.Errorf("close pack %d: %w", p.curID, err)
		}
	}
	p.cur = nil
	p.wmu.Lock()
	p.free = append(p.free, p.stage[:0])
	p.wmu.Unlock()
	p.stage = nil
	if cerr := f.Close(); err == nil && cerr != nil {
		err = fmt.Errorf("close pack %d: %w", p.curID, cerr)
	}
	if err != nil {
		p.fail(err)
		return err
	}
	p.written = append(p.written, p.curID)
	return nil
}

// seal closes the current pack and moves every written pack into packs/.
// It returns the boundary (every chunk in a pack below it is now in
// packs/) and the packs the caller must pass to sync before it commits
// records of chunks below the boundary.
func (p *packs) seal() (uint64, []uint64, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if err := p.writeErr(); err != nil {
		return 0, nil, err
	}
	if p.cur != nil {
		if err := p.closeCurrent(); err != nil {
			return 0, nil, err
		}
	}
	for len(p.written) > 0 {
		id := p.written[0]
		if err := os.Rename(packPath(p.dir, id, false), packPath(p.dir, id, true)); err != nil {
			return 0, nil, fmt.Errorf("seal pack %d: %w", id, err)
		}
		p.written = p.written[1:]
		p.unsynced = append(p.unsynced, id)
	}
	return p.next, append([]uint64(nil), p.unsynced...), nil
}

// sync makes the given sealed packs and their names in packs/ durable,
// one fsync each plus one of the directory.
func (p *packs) sync(ids []uint64) error {
	if len(ids) == 0 {
		return nil
	}
	for _, id := range ids {
		if err := fsyncPath(packPath(p.dir, id, true)); err != nil {
			return fmt.Errorf("sync pack %d: %w", id, err)
		}
	}
	if err := fsyncPath(filepath.Join(p.dir, "packs")); err != nil {
		return fmt.Errorf("sync packs directory: %w", err)
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	done := make(map[uint64]bool, len(ids))
	for _, id := range ids {
		done[id] = true
	}
	kept := p.unsynced[:0]
	for _, id := range p.unsynced {
		if !done[id] {
			kept = append(kept, id)
		}
	}
	p.unsynced = kept
	return nil
}

func fsyncPath(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	return f.Sync()
}

// openPack opens pack id wherever it is now (tmp/ until sealed, then
// packs/; the rename is atomic, so one of the tries finds it).
func openPack(dir string, id uint64) (*os.File, error) {
	for _, committed := range []bool{true, false, true} {
		f, err := os.Open(packPath(dir, id, committed))
		if !errors.Is(err, fs.ErrNotExist) {
			return f, err
		}
	}
	return nil, fmt.Errorf("%w: pack %d is missing", store.ErrCorrupt, id)
}

// openPacks maps the directory of each store open in this process to its
// packs, for CorruptChunk.
var openPacks sync.Map

func packsKey(dir string) string {
	if abs, err := filepath.Abs(dir); err == nil {
		return abs
	}
	return dir
}

// CorruptChunk flips a byte in every stored copy of content (a chunk's
// bytes) in the local store in dir, as a failing disk would, and returns
// how many it changed. It is for tests of verification. If this process
// has the store open, its current pack is closed first, so that every
// chunk is in a file and no staged copy is written over the change.
func CorruptChunk(dir string, content []byte) (int, error) {
	if len(content) == 0 {
		return 0, errors.New("corrupt chunk: empty content")
	}
	if v, ok := openPacks.Load(packsKey(dir)); ok {
		p := v.(*packs)
		p.mu.Lock()
		var err error
		if p.cur != nil {
			err = p.closeCurrent()
		}
		p.mu.Unlock()
		if err != nil {
			return 0, err
		}
	}
	// Inline chunks are in meta.db, which bbolt maps: flip in place.
	n, err := corruptInPlace(filepath.Join(dir, "meta.db"), content)
	if err != nil {
		return n, err
	}
	for _, sub := range []string{"packs", "tmp"} {
		entries, err := os.ReadDir(filepath.Join(dir, sub))
		if err != nil {
			return n, err
		}
		for _, e := range entries {
			path := filepath.Join(dir, sub, e.Name())
			b, err := os.ReadFile(path)
			if err != nil {
				return n, err
			}
			changed := false
			for i := bytes.Index(b, content); i >= 0; {
				b[i+len(content)/2] ^= 0x20
				changed = true
				n++
				j := bytes.Index(b[i+len(content):], content)
				if j < 0 {
					break
				}
				i += len(content) + j
			}
			if changed {
				if err := os.WriteFile(path, b, 0o644); err != nil {
					return n, err
				}
			}
		}
	}
	return n, nil
}

// corruptInPlace flips a byte of every copy of content in the file at
// path with writes at their offsets.
func corruptInPlace(path string, content []byte) (int, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return 0, err
	}
	f, err := os.OpenFile(path, os.O_WRONLY, 0)
	if err != nil {
		return 0, err
	}
	defer f.Close()
	n := 0
	for off := 0; ; {
		i := bytes.Index(b[off:], content)
		if i < 0 {
			return n, nil
		}
		at := off + i + len(content)/2
		if _, err := f.WriteAt([]byte{b[at] ^ 0x20}, int64(at)); err != nil {
			return n, err
		}
		n++
		off += i + len(content)
	}
}
