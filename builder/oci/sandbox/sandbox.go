package sandbox

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"syscall"

	// The device cgroup controller, which a container with device rules
	// needs.
	_ "github.com/opencontainers/cgroups/devices"
	"github.com/opencontainers/runc/libcontainer"
	"github.com/opencontainers/runc/libcontainer/configs"
	"golang.org/x/sys/unix"
)

// Spec is the command a container runs as its init.
type Spec struct {
	Args []string `json:"args"`
	Env  []string `json:"env"`
	UID  int      `json:"uid"`
	GID  int      `json:"gid"`
	Cwd  string   `json:"cwd"`
}

// Runner starts containers. Start returns once the command runs; a
// *StartError means the container was created but its command could not
// be started (the container is gone by then), any other error that the
// container could not be created. Implementations are safe for
// concurrent use.
type Runner interface {
	Start(id string, cfg *configs.Config, spec Spec, stdin, out *os.File) (Running, error)
}

// Running is a started container.
type Running interface {
	// Wait blocks until the command exits and returns its wait status.
	// The kernel has then killed every other process of the container
	// (the command is its PID namespace's init).
	Wait() (syscall.WaitStatus, error)
	// Kill sends SIGKILL to the command and to every process of the
	// container. It may be called at any time, also after Wait.
	Kill()
	// Destroy removes the container (its cgroups and state). Call it
	// once, after Wait.
	Destroy()
}

// StartError reports a container whose command did not start.
type StartError struct{ Msg string }

func (e *StartError) Error() string { return e.Msg }

// InProcess returns a Runner that creates containers from this process,
// keeping their state in stateDir. libcontainer starts each container's
// init by re-executing this process's binary.
func InProcess(stateDir string) Runner { return inProcess{stateDir} }

type inProcess struct{ stateDir string }

func (r inProcess) Start(id string, cfg *configs.Config, spec Spec, stdin, out *os.File) (Running, error) {
	c, err := libcontainer.Create(r.stateDir, id, cfg)
	if err != nil {
		return nil, err
	}
	p := &libcontainer.Process{
		Args:   spec.Args,
		Env:    spec.Env,
		UID:    spec.UID,
		GID:    spec.GID,
		Cwd:    spec.Cwd,
		Stdin:  stdin,
		Stdout: out,
		Stderr: out,
		Init:   true,
	}
	if err := c.Run(p); err != nil {
		c.Destroy()
		return nil, &StartError{err.Error()}
	}
	return &local{c: c, p: p}, nil
}

type local struct {
	c *libcontainer.Container
	p *libcontainer.Process
}

func (l *local) Wait() (syscall.WaitStatus, error) {
	st, err := l.p.Wait()
	var ee *exec.ExitError
	if st == nil && errors.As(err, &ee) {
		st = ee.ProcessState
	}
	if st == nil {
		return 0, fmt.Errorf("waiting for the builder: %w", err)
	}
	ws, ok := st.Sys().(syscall.WaitStatus)
	if !ok {
		return 0, fmt.Errorf("waiting for the builder: no wait status in %v", st)
	}
	return ws, nil
}

func (l *local) Kill() {
	l.p.Signal(unix.SIGKILL)
	l.c.Signal(unix.SIGKILL)
}

func (l *local) Destroy() { l.c.Destroy() }
