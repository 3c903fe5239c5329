package sandbox

import (
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"syscall"

	"github.com/opencontainers/runc/libcontainer/configs"

	"github.com/p2pnix/tvix/builder/buildprof"
)

// ErrHelperGone is returned for the containers of a helper process that
// exited; the next Start starts a new helper.
var ErrHelperGone = errors.New("sandbox helper exited")

// Helper returns a Runner that runs containers in a helper process: the
// binary at path (cmd/tvix-sandbox, which calls Main), started on first
// use with container state in stateDir. The helper runs as long as this
// process does; if it dies, its containers fail with ErrHelperGone and
// the next Start starts a new one.
func Helper(path, stateDir string) Runner {
	return &helperRunner{path: path, stateDir: stateDir}
}

type helperRunner struct {
	path, stateDir string

	mu  sync.Mutex
	cur *helperProc
}

// helperProc is one running helper process.
type helperProc struct {
	conn    *net.UnixConn
	writeMu sync.Mutex

	mu      sync.Mutex
	waiting map[string]chan *message // by container id
	err     error                    // set when the helper is gone
	done    chan struct{}            // closed when it is gone and reaped
}

func (h *helperRunner) helper() (*helperProc, error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.cur != nil {
		h.cur.mu.Lock()
		gone := h.cur.err != nil
		h.cur.mu.Unlock()
		if !gone {
			return h.cur, nil
		}
	}
	mine, theirs, err := socketPair()
	if err != nil {
		return nil, err
	}
	cmd := exec.Command(h.path, h.stateDir)
	cmd.ExtraFiles = []*os.File{theirs}
	// A mount namespace of its own, with "/" made private by Go, where
	// the helper hides the cgroup hierarchies builds do not use; and a
	// process group of its own, so that a terminal's ^C reaches only this
	// process, and the helper, seeing it go, kills and removes the
	// containers before it exits.
	cmd.SysProcAttr = &syscall.SysProcAttr{Unshareflags: syscall.CLONE_NEWNS, Setpgid: true}
	// One P for the helper and, as libcontainer passes the variable on,
	// for every container's init: their work is mostly system calls, and
	// with more Ps the Go runtime's monitor thread keeps waking every few
	// microseconds while one goroutine sits in a call (2-3 ms of CPU a
	// build in the helper alone).
	cmd.Env = append(os.Environ(), "GOMAXPROCS=1")
	cmd.Stderr = os.Stderr
	err = cmd.Start()
	theirs.Close()
	if err != nil {
		mine.Close()
		return nil, fmt.Errorf("starting the sandbox helper: %w", err)
	}
	conn, err := unixConn(mine)
	if err != nil {
		cmd.Process.Kill()
		cmd.Wait()
		return nil, err
	}
	p := &helperProc{conn: conn, waiting: map[string]chan *message{}, done: make(chan struct{})}
	go p.read(cmd)
	h.cur = p
	return p, nil
}

// read dispatches the helper's messages until it is gone.
func (p *helperProc) read(cmd *exec.Cmd) {
	err := readLoop(p.conn, func(m *message, files []*os.File) {
		closeAll(files)
		if m.Op == "stats" {
			buildprof.SetTotal(buildprof.Helper, m.HelperCPU)
			buildprof.SetTotal(buildprof.Containers, m.ChildrenCPU)
			for _, ph := range m.Phases {
				buildprof.AddPhase(ph)
			}
			return
		}
		p.mu.Lock()
		ch := p.waiting[m.ID]
		if m.Op != "started" {
			delete(p.waiting, m.ID)
		}
		p.mu.Unlock()
		if ch != nil {
			ch <- m
		}
	})
	p.conn.Close()
	cmd.Wait()
	p.mu.Lock()
	p.err = fmt.Errorf("%w: %v", ErrHelperGone, err)
	for id, ch := range p.waiting {
		close(ch)
		delete(p.waiting, id)
	}
	p.mu.Unlock()
	close(p.done)
}

// Close stops the helper, if one runs: it kills the containers still
// running, removes them and exits, and Close returns once it is reaped
// (so that its CPU time, and its containers', is this process's
// children's). A later Start starts a new helper.
func (h *helperRunner) Close() error {
	h.mu.Lock()
	p := h.cur
	h.cur = nil
	h.mu.Unlock()
	if p == nil {
		return nil
	}
	p.conn.CloseWrite()
	<-p.done
	return nil
}

func (p *helperProc) send(m *message, files ...*os.File) error {
	p.writeMu.Lock()
	defer p.writeMu.Unlock()
	return send(p.conn, m, files...)
}

func (h *helperRunner) Start(id string, cfg *configs.Config, spec Spec, stdin, out *os.File) (Running, error) {
	p, err := h.helper()
	if err != nil {
		return nil, err
	}
	b, err := json.Marshal(cfg)
	if err != nil {
		return nil, err
	}
	cfgPath := filepath.Join(h.stateDir, id+".config.json")
	if err := os.WriteFile(cfgPath, b, 0o600); err != nil {
		return nil, err
	}
	ch := make(chan *message, 2)
	p.mu.Lock()
	if p.err != nil {
		p.mu.Unlock()
		os.Remove(cfgPath)
		return nil, p.err
	}
	p.waiting[id] = ch
	p.mu.Unlock()
	if err := p.send(&message{Op: "run", ID: id, Config: cfgPath, Spec: &spec}, stdin, out); err != nil {
		p.mu.Lock()
		delete(p.waiting, id)
		p.mu.Unlock()
		os.Remove(cfgPath)
		return nil, fmt.Errorf("%w: %v", ErrHelperGone, err)
	}
	m, ok := <-ch
	switch {
	case !ok:
		return nil, p.gone()
	case m.Op == "failed" && m.Started:
		return nil, &StartError{m.Error}
	case m.Op == "failed":
		return nil, errors.New(m.Error)
	}
	return &remote{p: p, id: id, ch: ch}, nil
}

func (p *helperProc) gone() error {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.err != nil {
		return p.err
	}
	return ErrHelperGone
}

// remote is a container run by a helper.
type remote struct {
	p     *helperProc
	id    string
	ch    chan *message
	usage Usage
}

func (r *remote) Wait() (syscall.WaitStatus, error) {
	m, ok := <-r.ch
	if !ok {
		return 0, r.p.gone()
	}
	if m.Usage != nil {
		r.usage = *m.Usage
	}
	if m.Error != "" {
		return 0, errors.New(m.Error)
	}
	return syscall.WaitStatus(m.Status), nil
}

func (r *remote) Kill() { r.p.send(&message{Op: "kill", ID: r.id}) }

func (r *remote) Usage() Usage { return r.usage }

// Destroy does nothing: the helper destroys a container as soon as its
// command has exited (and reported the exit).
func (r *remote) Destroy() {}
