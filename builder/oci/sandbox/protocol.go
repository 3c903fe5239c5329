package sandbox

import (
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"os"
	"time"

	"golang.org/x/sys/unix"

	"github.com/p2pnix/tvix/builder/buildprof"
)

// A message is one datagram of the helper protocol, JSON over a
// SOCK_SEQPACKET socket. The client sends "run" (with the command's
// stdin and output as SCM_RIGHTS) and "kill"; the helper answers a run
// with "started" or "failed", and reports "exited" once the command has
// exited and its container is destroyed. With build profiling on, the
// helper's last message is "stats".
type message struct {
	Op string `json:"op"`
	ID string `json:"id"`
	// Config is the path of a file holding the container's
	// configs.Config as JSON (too large for a datagram when a build has
	// many inputs); the helper deletes it. Only in "run".
	Config string `json:"config,omitempty"`
	Spec   *Spec  `json:"spec,omitempty"`
	// Status is the wait status, in "exited".
	Status int `json:"status,omitempty"`
	// Error says why a run failed ("failed", with Started telling a
	// start error from a create error) or why waiting failed ("exited").
	Error   string `json:"error,omitempty"`
	Started bool   `json:"started,omitempty"`
	// Usage is the container's, in "exited" when profiling is on.
	Usage *Usage `json:"usage,omitempty"`
	// HelperCPU and ChildrenCPU are the helper's CPU time and its
	// containers', and Phases the helper's phases, in "stats", the
	// helper's last message when profiling is on.
	HelperCPU   time.Duration     `json:"helper_cpu,omitempty"`
	ChildrenCPU time.Duration     `json:"children_cpu,omitempty"`
	Phases      []buildprof.Phase `json:"phases,omitempty"`
}

// maxMessage bounds one datagram; configs travel in files.
const maxMessage = 1 << 20

func send(c *net.UnixConn, m *message, files ...*os.File) error {
	b, err := json.Marshal(m)
	if err != nil {
		return err
	}
	var oob []byte
	if len(files) > 0 {
		fds := make([]int, len(files))
		for i, f := range files {
			fds[i] = int(f.Fd())
		}
		oob = unix.UnixRights(fds...)
	}
	_, _, err = c.WriteMsgUnix(b, oob, nil)
	return err
}

// readLoop calls handle with each message read from c (handle owns the
// files) until reading fails, and returns that error.
func readLoop(c *net.UnixConn, handle func(*message, []*os.File)) error {
	r := newReceiver(c)
	for {
		m, files, err := r.next()
		if err != nil {
			return err
		}
		handle(m, files)
	}
}

// receiver reads messages from one connection.
type receiver struct {
	c        *net.UnixConn
	buf, oob []byte
}

func newReceiver(c *net.UnixConn) *receiver {
	return &receiver{c: c, buf: make([]byte, maxMessage), oob: make([]byte, unix.CmsgSpace(8*4))}
}

// next reads one message and the files passed with it.
func (r *receiver) next() (*message, []*os.File, error) {
	buf, oob := r.buf, r.oob
	n, oobn, flags, _, err := r.c.ReadMsgUnix(buf, oob)
	if err != nil {
		return nil, nil, err
	}
	var files []*os.File
	if oobn > 0 {
		cmsgs, err := unix.ParseSocketControlMessage(oob[:oobn])
		if err != nil {
			return nil, nil, fmt.Errorf("sandbox protocol: %w", err)
		}
		for _, cm := range cmsgs {
			fds, err := unix.ParseUnixRights(&cm)
			if err != nil {
				continue
			}
			for _, fd := range fds {
				files = append(files, os.NewFile(uintptr(fd), "passed"))
			}
		}
	}
	if flags&(unix.MSG_TRUNC|unix.MSG_CTRUNC) != 0 {
		closeAll(files)
		return nil, nil, errors.New("sandbox protocol: message truncated")
	}
	m := new(message)
	if err := json.Unmarshal(buf[:n], m); err != nil {
		closeAll(files)
		return nil, nil, fmt.Errorf("sandbox protocol: %w", err)
	}
	return m, files, nil
}

func closeAll(files []*os.File) {
	for _, f := range files {
		f.Close()
	}
}

// socketPair returns two connected SOCK_SEQPACKET sockets, close on exec.
func socketPair() (*os.File, *os.File, error) {
	fds, err := unix.Socketpair(unix.AF_UNIX, unix.SOCK_SEQPACKET|unix.SOCK_CLOEXEC, 0)
	if err != nil {
		return nil, nil, fmt.Errorf("socketpair: %w", err)
	}
	return os.NewFile(uintptr(fds[0]), "sandbox-client"), os.NewFile(uintptr(fds[1]), "sandbox-helper"), nil
}

// unixConn turns f into a *net.UnixConn (closing f).
func unixConn(f *os.File) (*net.UnixConn, error) {
	defer f.Close()
	c, err := net.FileConn(f)
	if err != nil {
		return nil, err
	}
	uc, ok := c.(*net.UnixConn)
	if !ok {
		c.Close()
		return nil, fmt.Errorf("%s is not a unix socket", f.Name())
	}
	return uc, nil
}
