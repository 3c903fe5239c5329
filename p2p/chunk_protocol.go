package p2p

import (
	"bufio"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"sync"
	"sync/atomic"
	"time"

	"github.com/libp2p/go-libp2p/core/network"
	"github.com/libp2p/go-libp2p/core/peer"
	"github.com/p2pnix/tvix/store"
)

// ChunkProtocol is the libp2p protocol that moves batches of chunks
// between peers: the chunks back to back, without gRPC's per-call streams
// and per-message framing. A request is a uvarint count
// (1..maxBatchChunks) and that many 32-byte chunk digests; its response
// is, per chunk in request order, a uvarint that is 0 for "not here" or
// 1 + the chunk's length, then its bytes. Only chunks are served (a
// digest whose blob has several chunks is "not here"), so one answer is
// at most store.ChunkMaxSize bytes. A stream carries requests one after
// the other until the client closes it; clients keep idle streams for
// the next batch, whose flow-control windows have already grown.
const ChunkProtocol = "/tvix/chunks/1.0.0"

// maxBatchChunks bounds the chunks one batch asks for (the client also
// keeps a batch near Config.FetchBatchBytes).
const (
	maxBatchChunks = 512
	// chunkIOTimeout bounds reading a request and writing one chunk.
	chunkIOTimeout = time.Minute
	// chunkWriteBuffer is the server's write buffer: many small chunks
	// go out as one frame; a larger chunk is written past it.
	chunkWriteBuffer = 256 << 10
	// chunkReadBuffer is the client's read buffer: enough for the length
	// prefixes; the bulk of a chunk is read straight into its slice
	// (bufio reads past its buffer when asked for more than it holds).
	chunkReadBuffer = 16 << 10
	// chunkServerIdle is how long a server waits for the next request on
	// a stream; clients reuse a stream idle for less than chunkClientIdle.
	chunkServerIdle = 2 * time.Minute
	chunkClientIdle = time.Minute
	// maxIdleChunkStreams bounds the idle streams kept per peer.
	maxIdleChunkStreams = 16
)

// serveChunks answers the batch requests on s until the client closes
// it.
func (n *Node) serveChunks(s network.Stream) {
	defer s.Close()
	id := s.Conn().RemotePeer()
	if f := n.cfg.AllowPeer; f != nil && !f(id) {
		fmt.Fprintf(n.cfg.Log, "p2p: refused chunk request from %s\n", id)
		s.Reset()
		return
	}
	br := bufio.NewReader(s)
	bw := bufio.NewWriterSize(s, chunkWriteBuffer)
	for {
		s.SetReadDeadline(time.Now().Add(chunkServerIdle))
		ds, err := readChunkRequest(br)
		if errors.Is(err, io.EOF) {
			return // the client is done
		}
		if err != nil {
			fmt.Fprintf(n.cfg.Log, "p2p: bad chunk request from %s: %v\n", id, err)
			s.Reset()
			return
		}
		if err := n.answerChunks(s, bw, ds); err != nil {
			s.Reset()
			return
		}
	}
}

// answerChunks writes the response to a request for ds. Chunks are
// copied from the local store straight into the stream's buffer.
func (n *Node) answerChunks(s network.Stream, bw *bufio.Writer, ds []store.Digest) error {
	var hdr [binary.MaxVarintLen64]byte
	for _, d := range ds {
		s.SetWriteDeadline(time.Now().Add(chunkIOTimeout))
		ctx, cancel := context.WithTimeout(n.ctx, chunkIOTimeout)
		rc, size := n.localChunk(ctx, d)
		if rc != nil {
			rc = n.faultyChunk(rc)
		}
		k := binary.PutUvarint(hdr[:], 0)
		if rc != nil {
			k = binary.PutUvarint(hdr[:], size+1)
		}
		_, err := bw.Write(hdr[:k])
		if rc != nil {
			var copied int64
			if err == nil {
				// ReadFrom reads into bw's buffer: io.Copy would take a
				// WriterTo of rc, which may allocate a buffer per chunk.
				copied, err = bw.ReadFrom(rc)
			}
			rc.Close()
			if err == nil && uint64(copied) != size {
				err = fmt.Errorf("chunk %v: read %d of %d bytes", d, copied, size)
			}
		}
		cancel()
		if err != nil {
			return err
		}
	}
	return bw.Flush()
}

// readChunkRequest decodes a ChunkProtocol request; io.EOF when the
// stream ends cleanly before one.
func readChunkRequest(r io.ByteReader) ([]store.Digest, error) {
	count, err := binary.ReadUvarint(r)
	if errors.Is(err, io.EOF) {
		return nil, io.EOF
	}
	if err != nil {
		return nil, fmt.Errorf("count: %w", unexpectedEOF(context.Background(), err))
	}
	if count == 0 || count > maxBatchChunks {
		return nil, fmt.Errorf("count %d: want 1 to %d", count, maxBatchChunks)
	}
	ds := make([]store.Digest, count)
	for i := range ds {
		for j := range ds[i] {
			b, err := r.ReadByte()
			if err != nil {
				return nil, fmt.Errorf("digest %d of %d: %w", i, count, unexpectedEOF(context.Background(), err))
			}
			ds[i][j] = b
		}
	}
	return ds, nil
}

// localChunk opens chunk d in the local store and returns its size, or
// nil when it is not stored as a single chunk.
func (n *Node) localChunk(ctx context.Context, d store.Digest) (io.ReadCloser, uint64) {
	cs, err := n.local.Blobs.Chunks(ctx, d)
	if err != nil || len(cs) != 1 || cs[0].Digest != d || cs[0].Size > store.ChunkMaxSize {
		return nil, 0
	}
	rc, err := n.local.Blobs.Open(ctx, d)
	if err != nil {
		return nil, 0
	}
	return rc, cs[0].Size
}

// chunkStream is an open ChunkProtocol stream and its reader.
type chunkStream struct {
	s    network.Stream
	br   *bufio.Reader
	idle time.Time // since when it waits in the pool
}

// chunkStreams keeps idle chunk streams per peer. Safe for concurrent
// use.
type chunkStreams struct {
	mu   sync.Mutex
	idle map[peer.ID][]*chunkStream
}

// get returns an idle stream to id, or nil.
func (p *chunkStreams) get(id peer.ID) *chunkStream {
	p.mu.Lock()
	defer p.mu.Unlock()
	for l := p.idle[id]; len(l) > 0; l = p.idle[id] {
		cs := l[len(l)-1]
		p.idle[id] = l[:len(l)-1]
		if time.Since(cs.idle) < chunkClientIdle {
			return cs
		}
		cs.s.Reset()
	}
	return nil
}

// put keeps cs for the next batch to id, or closes it when enough wait.
func (p *chunkStreams) put(id peer.ID, cs *chunkStream) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.idle == nil {
		p.idle = map[peer.ID][]*chunkStream{}
	}
	if len(p.idle[id]) >= maxIdleChunkStreams {
		cs.s.Close()
		return
	}
	cs.idle = time.Now()
	p.idle[id] = append(p.idle[id], cs)
}

// closeAll closes every idle stream.
func (p *chunkStreams) closeAll() {
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, l := range p.idle {
		for _, cs := range l {
			cs.s.Close()
		}
	}
	p.idle = nil
}

// readChunkBatch asks peer id for chunks cs, on an idle stream when
// there is one, and calls fn with each, in order, after checking its
// size against the list and its content against its digest. A chunk the
// peer lacks ends the batch with an error wrapping store.ErrNotFound;
// bad data with store.ErrCorrupt. An idle stream the peer has dropped
// meanwhile is replaced by a new one.
func (n *Node) readChunkBatch(ctx context.Context, id peer.ID, cs []store.ChunkMeta, fn func(i int, data []byte) error) error {
	if len(cs) == 0 || len(cs) > maxBatchChunks {
		return fmt.Errorf("p2p: chunk batch of %d", len(cs))
	}
	for {
		st := n.chunkPool.get(id)
		reused := st != nil
		if !reused {
			s, err := n.host.NewStream(ctx, id, ChunkProtocol)
			if err != nil {
				return err
			}
			st = &chunkStream{s: s, br: bufio.NewReaderSize(&countingReader{r: s, n: &n.received}, chunkReadBuffer)}
		}
		answered, err := n.batchOn(ctx, st, cs, fn)
		if err == nil {
			n.chunkPool.put(id, st)
			return nil
		}
		st.s.Reset()
		if reused && !answered && ctx.Err() == nil {
			continue // a stale idle stream: try another
		}
		return err
	}
}

// batchOn sends one request on st and reads its response; answered
// tells whether any of the response arrived.
func (n *Node) batchOn(ctx context.Context, st *chunkStream, cs []store.ChunkMeta, fn func(i int, data []byte) error) (answered bool, err error) {
	stop := context.AfterFunc(ctx, func() { st.s.Reset() })
	defer func() {
		if !stop() && err == nil {
			err = ctx.Err() // reset by the context: not reusable
		}
	}()
	req := binary.AppendUvarint(make([]byte, 0, 4+len(cs)*store.DigestSize), uint64(len(cs)))
	for _, c := range cs {
		req = append(req, c.Digest[:]...)
	}
	if _, err := st.s.Write(req); err != nil {
		return false, err
	}
	for i, c := range cs {
		v, err := binary.ReadUvarint(st.br)
		if err != nil {
			return answered, fmt.Errorf("chunk %v: %w", c.Digest, unexpectedEOF(ctx, err))
		}
		answered = true
		if v == 0 {
			return true, fmt.Errorf("chunk %v: %w", c.Digest, store.ErrNotFound)
		}
		if v-1 != c.Size {
			return true, fmt.Errorf("%w: chunk %v: peer sends %d bytes, %d listed", store.ErrCorrupt, c.Digest, v-1, c.Size)
		}
		data := make([]byte, c.Size)
		if _, err := io.ReadFull(st.br, data); err != nil {
			return true, fmt.Errorf("chunk %v: %w", c.Digest, unexpectedEOF(ctx, err))
		}
		if got := store.DigestOf(data); got != c.Digest {
			return true, store.Rejected(int64(len(data)), fmt.Errorf("%w: chunk %v: received %d bytes with digest %v", store.ErrCorrupt, c.Digest, len(data), got))
		}
		if err := fn(i, data); err != nil {
			return true, err
		}
	}
	return true, nil
}

// unexpectedEOF reports a cut stream as such, or the context's end.
func unexpectedEOF(ctx context.Context, err error) error {
	if ctx.Err() != nil {
		return ctx.Err()
	}
	if errors.Is(err, io.EOF) {
		return io.ErrUnexpectedEOF
	}
	return err
}

// countingReader counts the bytes read.
type countingReader struct {
	r io.Reader
	n *atomic.Uint64
}

func (c *countingReader) Read(p []byte) (int, error) {
	k, err := c.r.Read(p)
	c.n.Add(uint64(k))
	return k, err
}

// batches splits cs into runs of at most maxBatchChunks chunks and about
// maxBytes bytes (one chunk at least), returned as index ranges [lo, hi).
func batches(cs []store.ChunkMeta, maxBytes int) [][2]int {
	var out [][2]int
	lo, size := 0, uint64(0)
	for i, c := range cs {
		if i > lo && (i-lo == maxBatchChunks || size+c.Size > uint64(maxBytes)) {
			out = append(out, [2]int{lo, i})
			lo, size = i, 0
		}
		size += c.Size
	}
	if lo < len(cs) {
		out = append(out, [2]int{lo, len(cs)})
	}
	return out
}
