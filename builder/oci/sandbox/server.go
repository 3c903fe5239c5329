package sandbox

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"sync"

	"github.com/opencontainers/runc/libcontainer/configs"

	"github.com/p2pnix/tvix/builder/buildprof"
)

// Serve runs the containers that the client at the other end of conn asks
// for, keeping their state in stateDir, until the client closes the
// connection (or exits); then it kills the containers still running,
// destroys them and returns.
func Serve(conn *net.UnixConn, stateDir string) error {
	s := &server{conn: conn, runner: InProcess(stateDir), running: map[string]Running{}}
	err := readLoop(conn, func(m *message, files []*os.File) {
		switch m.Op {
		case "run":
			if len(files) != 2 || m.Spec == nil {
				closeAll(files)
				s.reply(&message{Op: "failed", ID: m.ID, Error: "sandbox protocol: run needs a spec and two files"})
				return
			}
			s.wg.Add(1)
			go s.run(m, files[0], files[1])
		case "kill":
			closeAll(files)
			s.mu.Lock()
			r := s.running[m.ID]
			s.mu.Unlock()
			if r != nil {
				r.Kill()
			}
		default:
			closeAll(files)
		}
	})
	s.mu.Lock()
	s.closed = true
	for _, r := range s.running {
		r.Kill()
	}
	s.mu.Unlock()
	s.wg.Wait()
	if buildprof.On {
		s.reply(&message{Op: "stats", HelperCPU: buildprof.ProcessCPU(), ChildrenCPU: buildprof.ChildrenCPU(), Phases: buildprof.Phases()})
	}
	if errors.Is(err, io.EOF) {
		return nil
	}
	return err
}

type server struct {
	conn   *net.UnixConn
	runner Runner
	wg     sync.WaitGroup

	mu      sync.Mutex
	running map[string]Running
	closed  bool
	writeMu sync.Mutex
}

func (s *server) reply(m *message) {
	s.writeMu.Lock()
	defer s.writeMu.Unlock()
	send(s.conn, m) // a client that is gone gets nothing
}

func (s *server) run(m *message, stdin, out *os.File) {
	defer s.wg.Done()
	cfg, err := readConfig(m.Config)
	if err != nil {
		stdin.Close()
		out.Close()
		s.reply(&message{Op: "failed", ID: m.ID, Error: err.Error()})
		return
	}
	span := buildprof.Begin("create and start container")
	r, err := s.runner.Start(m.ID, cfg, *m.Spec, stdin, out)
	wall, cpu := span.Stop()
	buildprof.Add(buildprof.Helper, "create and start container", wall, cpu)
	// The container holds its own copies: the build's output ends when
	// its processes have closed theirs.
	stdin.Close()
	out.Close()
	if err != nil {
		_, started := err.(*StartError)
		s.reply(&message{Op: "failed", ID: m.ID, Error: err.Error(), Started: started})
		return
	}
	s.mu.Lock()
	s.running[m.ID] = r
	if s.closed {
		r.Kill()
	}
	s.mu.Unlock()
	s.reply(&message{Op: "started", ID: m.ID})

	ws, err := r.Wait()
	s.mu.Lock()
	delete(s.running, m.ID)
	s.mu.Unlock()
	done := &message{Op: "exited", ID: m.ID, Status: int(ws)}
	if err != nil {
		done.Error = err.Error()
	}
	if buildprof.On {
		u := r.Usage()
		done.Usage = &u
	}
	// Every process of the container is gone with its init, so the
	// build can go on while the cgroups and state are removed.
	s.reply(done)
	span = buildprof.Begin("destroy container")
	r.Destroy()
	wall, cpu = span.Stop()
	buildprof.Add(buildprof.Helper, "destroy container", wall, cpu)
}

func readConfig(path string) (*configs.Config, error) {
	b, err := os.ReadFile(path)
	os.Remove(path)
	if err != nil {
		return nil, fmt.Errorf("reading container config: %w", err)
	}
	cfg := new(configs.Config)
	if err := json.Unmarshal(b, cfg); err != nil {
		return nil, fmt.Errorf("container config %s: %w", path, err)
	}
	return cfg, nil
}

// Main is the whole of a helper binary's main function (cmd/tvix-sandbox):
// it serves the client connected on file descriptor 3, with container
// state in the directory named by its only argument, and exits when the
// client is gone. The binary is small on purpose: libcontainer starts
// every container's init by re-executing it, and a small binary starts
// several times faster than tvix with all its packages.
func Main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: tvix-sandbox STATEDIR (tvix starts it, with its socket as file descriptor 3)")
		os.Exit(2)
	}
	trimCgroupHierarchies()
	conn, err := unixConn(os.NewFile(3, "sandbox-helper"))
	if err == nil {
		err = Serve(conn, os.Args[1])
	}
	if err != nil {
		fmt.Fprintf(os.Stderr, "tvix-sandbox: %v\n", err)
		os.Exit(1)
	}
}
