package sandbox

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"

	// The device cgroup controller, which a container with device rules
	// needs.
	_ "github.com/opencontainers/cgroups/devices"
	"github.com/opencontainers/runc/libcontainer"
	"github.com/opencontainers/runc/libcontainer/configs"
	"golang.org/x/sys/unix"

	"github.com/p2pnix/tvix/builder/buildprof"
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
	// Usage is the CPU time the container took, once Wait has returned;
	// zero unless build profiling is on (package buildprof).
	Usage() Usage
}

// Usage is where a container's CPU time went, for the build profile.
type Usage struct {
	// InitCPU: runc's init in the container (Go runtime start,
	// namespaces, mounts) until it was ready to run the command.
	InitCPU time.Duration `json:"init_cpu"`
	// CommandCPU: the command, and the processes it waited for.
	CommandCPU time.Duration `json:"command_cpu"`
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
	// Run is Start and Exec; between the two the init waits for the
	// word to execute the command, so its CPU time so far is its own.
	if err := c.Start(p); err != nil {
		c.Destroy()
		return nil, &StartError{err.Error()}
	}
	l := &local{c: c, p: p}
	if buildprof.On {
		if pid, err := p.Pid(); err == nil {
			l.usage.InitCPU = threadsCPU(pid)
		}
	}
	if err := c.Exec(); err != nil {
		c.Destroy()
		return nil, &StartError{err.Error()}
	}
	return l, nil
}

type local struct {
	c     *libcontainer.Container
	p     *libcontainer.Process
	usage Usage
}

// threadsCPU is the CPU time of the threads of process pid, read from
// /proc/PID/task/*/schedstat (nanoseconds on the CPU, the first field).
func threadsCPU(pid int) time.Duration {
	dir := filepath.Join("/proc", strconv.Itoa(pid), "task")
	tasks, err := os.ReadDir(dir)
	if err != nil {
		return 0
	}
	var sum time.Duration
	for _, t := range tasks {
		b, err := os.ReadFile(filepath.Join(dir, t.Name(), "schedstat"))
		if err != nil {
			continue
		}
		f, _, _ := strings.Cut(string(b), " ")
		if ns, err := strconv.ParseInt(f, 10, 64); err == nil {
			sum += time.Duration(ns)
		}
	}
	return sum
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
	if buildprof.On {
		l.usage.CommandCPU = st.UserTime() + st.SystemTime() - l.usage.InitCPU
	}
	return ws, nil
}

func (l *local) Usage() Usage { return l.usage }

func (l *local) Kill() {
	l.p.Signal(unix.SIGKILL)
	l.c.Signal(unix.SIGKILL)
}

func (l *local) Destroy() { l.c.Destroy() }
