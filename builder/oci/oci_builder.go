package oci

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"syscall"
	"time"

	"github.com/opencontainers/cgroups"
	devices "github.com/opencontainers/cgroups/devices/config"
	"github.com/opencontainers/runc/libcontainer/configs"
	"github.com/opencontainers/runc/libcontainer/specconv"
	"golang.org/x/sys/unix"

	"github.com/p2pnix/tvix/builder"
	"github.com/p2pnix/tvix/builder/buildprof"
	"github.com/p2pnix/tvix/builder/oci/sandbox"
	"github.com/p2pnix/tvix/proto/buildv1"
	"github.com/p2pnix/tvix/proto/castorev1"
	"github.com/p2pnix/tvix/store"
)

// Options configure the OCI builder.
type Options struct {
	// Dir holds the shared input cache (inputs/).
	Dir string
	// ScratchDir holds container state and one sandbox root per running
	// build, deleted when the build ends. Empty means /dev/shm/tvix-build
	// when /dev/shm is a tmpfs (creating and deleting thousands of small
	// trees is several times cheaper there than on ext4, and outputs stay
	// there only until they are ingested), else Dir/builds.
	ScratchDir string
	// Blobs and Directories are where inputs are read from and outputs
	// are ingested into.
	Blobs       store.BlobService
	Directories store.DirectoryService
	// UID and GID the command runs as; 0 means Nix's 1000 and 100.
	UID, GID int
	// KeepFailed keeps the sandbox root of a failed build (its path is
	// in the error) instead of deleting it.
	KeepFailed bool
	// Helper is the sandbox helper binary (cmd/tvix-sandbox) that
	// creates the containers, or "none" to create them from this
	// process. Empty means $TVIX_SANDBOX when set, else tvix-sandbox in
	// the directory of this process's executable when it is there, else
	// none. A container's init does a fraction of the work when the
	// helper creates it (see package sandbox).
	Helper string
}

type ociBuilder struct {
	opts     Options
	runner   sandbox.Runner
	stateDir string
	builds   string
	cache    *inputCache
	system   string
	// scratchTmpfs: the sandbox roots are on a tmpfs, where small file
	// inputs are copied in rather than bind-mounted.
	scratchTmpfs bool
	// devTemplate is the directory bind-mounted at each sandbox's /dev,
	// or "" (libcontainer then makes /dev for each build).
	devTemplate string
}

// New returns a Builder that runs each build in a fresh container
// (libcontainer): new mount, PID, IPC, UTS and (unless the request allows
// network access) network namespaces with only loopback, hostname
// "localhost", the command as UID:GID without capabilities, inputs
// bind-mounted read-only from the shared on-disk input cache, Nix's /etc
// files, a minimal /dev and /proc, and a cgroup enforcing the memory and
// process limits. It needs root, and the process must call MaybeInit
// first thing in main. The Builder is an io.Closer: Close stops the
// sandbox helper (see Options.Helper).
func New(opts Options) (builder.Builder, error) {
	if opts.Dir == "" || opts.Blobs == nil || opts.Directories == nil {
		return nil, errors.New("oci builder: Dir, Blobs and Directories are required")
	}
	if os.Geteuid() != 0 {
		return nil, errors.New("oci builder: must run as root")
	}
	if opts.UID == 0 {
		opts.UID = 1000
	}
	if opts.GID == 0 {
		opts.GID = 100
	}
	if opts.ScratchDir == "" {
		opts.ScratchDir = filepath.Join(opts.Dir, "builds")
		var fs unix.Statfs_t
		if unix.Statfs("/dev/shm", &fs) == nil && fs.Type == unix.TMPFS_MAGIC {
			opts.ScratchDir = "/dev/shm/tvix-build"
		}
	}
	b := &ociBuilder{
		opts:     opts,
		stateDir: filepath.Join(opts.ScratchDir, "state"),
		builds:   opts.ScratchDir,
		system:   hostSystem(),
	}
	for _, d := range []string{b.stateDir, b.builds} {
		if err := os.MkdirAll(d, 0o700); err != nil {
			return nil, fmt.Errorf("oci builder: %w", err)
		}
	}
	var fs unix.Statfs_t
	b.scratchTmpfs = unix.Statfs(b.builds, &fs) == nil && fs.Type == unix.TMPFS_MAGIC
	// A scratch directory on a nodev mount gets no template.
	if tpl, err := makeDevTemplate(b.builds, sandboxDevices()); err == nil {
		b.devTemplate = tpl
	}
	b.runner = sandbox.InProcess(b.stateDir)
	if h := helperPath(opts.Helper); h != "" {
		b.runner = sandbox.Helper(h, b.stateDir)
	}
	cache, err := newInputCache(filepath.Join(opts.Dir, "inputs"), opts.Blobs, opts.Directories)
	if err != nil {
		return nil, fmt.Errorf("oci builder: %w", err)
	}
	b.cache = cache
	return b, nil
}

// Close stops the sandbox helper process, if one was started, after
// killing the builds still running in it, and waits for it to exit. The
// builder starts a new helper if it is used again.
func (b *ociBuilder) Close() error {
	if c, ok := b.runner.(io.Closer); ok {
		return c.Close()
	}
	return nil
}

// smallInputMax is the size up to which a file input is copied into the
// sandbox instead of bind-mounted.
const smallInputMax = 64 << 10

// helperEnv names the environment variable that chooses the sandbox
// helper binary when Options.Helper is empty ("none": no helper).
const helperEnv = "TVIX_SANDBOX"

// helperPath resolves Options.Helper to a binary, or "" for none.
func helperPath(opt string) string {
	if opt == "" {
		opt = os.Getenv(helperEnv)
	}
	if opt == "none" {
		return ""
	}
	if opt != "" {
		return opt
	}
	exe, err := os.Executable()
	if err != nil {
		return ""
	}
	p := filepath.Join(filepath.Dir(exe), "tvix-sandbox")
	if fi, err := os.Stat(p); err == nil && fi.Mode().IsRegular() && fi.Mode()&0o111 != 0 {
		return p
	}
	return ""
}

// hostSystem is the Nix system string of this machine.
func hostSystem() string {
	arch := map[string]string{"amd64": "x86_64", "arm64": "aarch64", "386": "i686", "riscv64": "riscv64"}[runtime.GOARCH]
	return arch + "-" + runtime.GOOS
}

func (b *ociBuilder) Build(ctx context.Context, req *buildv1.BuildRequest, log io.Writer) (*buildv1.Build, error) {
	if err := builder.ValidateRequest(req); err != nil {
		return nil, err
	}
	if sys := req.GetConstraints().GetSystem(); sys != b.system {
		return nil, fmt.Errorf("a '%s' build is required, but this machine is a '%s': %w", sys, b.system, store.ErrInvalid)
	}
	if log == nil {
		log = io.Discard
	}
	id := newID()
	sp := buildprof.Begin("sandbox root")
	defer func() { sp.End() }()
	work := filepath.Join(b.builds, id)
	root := filepath.Join(work, "root")
	if err := os.Mkdir(work, 0o700); err != nil {
		return nil, err
	}
	failed := true
	defer func() {
		if !failed || !b.opts.KeepFailed {
			sp.Next("remove sandbox")
			os.RemoveAll(work) // root may delete read-only directories
		}
	}()

	if err := makeRootfs(root, req, b.opts.UID, b.opts.GID); err != nil {
		return nil, fmt.Errorf("preparing sandbox: %w", err)
	}
	sp.Next("inputs")
	mounts := b.baseMounts()
	// Small file inputs are copied into the sandbox's store directory
	// (on the scratch tmpfs), read-only and owned by root like the cache's
	// copies: cheaper than a file in the on-disk cache plus a bind
	// mount. Everything else is bind-mounted from the cache.
	inputsDir := filepath.Join(root, req.InputsDir)
	copyInputs := b.scratchTmpfs && slices.Contains(req.ScratchPaths, req.InputsDir)
	var cached []*castorev1.Node
	for _, in := range req.Inputs {
		if f := in.GetFile(); copyInputs && f != nil && f.Size <= smallInputMax {
			if err := b.cache.write(ctx, filepath.Join(inputsDir, string(f.Name)), in); err != nil {
				return nil, fmt.Errorf("copying input %s: %w", f.Name, err)
			}
			continue
		}
		cached = append(cached, in)
	}
	srcs, err := b.cache.Paths(ctx, cached)
	if err != nil {
		return nil, err
	}
	for i, in := range cached {
		dst := "/" + req.InputsDir + "/" + string(store.NodeName(in))
		mounts = append(mounts, &configs.Mount{Source: srcs[i], Destination: dst, Device: "bind",
			Flags: unix.MS_BIND | unix.MS_REC | unix.MS_RDONLY})
	}
	for _, p := range req.GetConstraints().GetAvailableRoPaths() {
		mounts = append(mounts, &configs.Mount{Source: p, Destination: p, Device: "bind",
			Flags: unix.MS_BIND | unix.MS_REC | unix.MS_RDONLY})
	}
	if req.GetConstraints().GetNetworkAccess() {
		for _, p := range []string{"/etc/resolv.conf", "/etc/services", "/etc/hosts", "/etc/nsswitch.conf"} {
			if _, err := os.Stat(p); err == nil {
				mounts = append(mounts, &configs.Mount{Source: p, Destination: p, Device: "bind",
					Flags: unix.MS_BIND | unix.MS_RDONLY})
			}
		}
	}
	sp.Next("container start")

	if err := b.run(ctx, id, root, req, mounts, log, &sp); err != nil {
		var be *builder.Error
		if errors.As(err, &be) && b.opts.KeepFailed {
			be.Message += fmt.Sprintf(" (sandbox kept in %s)", root)
		}
		return nil, err
	}
	result, err := ingestOutputs(ctx, b.opts.Blobs, b.opts.Directories, root, req, &sp)
	if err != nil {
		return nil, err
	}
	failed = false
	return result, nil
}

func newID() string {
	var b [8]byte
	rand.Read(b[:])
	return "tvix-" + hex.EncodeToString(b[:])
}

// baseMounts are /proc and a minimal /dev, as in Nix's sandbox.
func (b *ociBuilder) baseMounts() []*configs.Mount {
	proc := &configs.Mount{Source: "proc", Destination: "/proc", Device: "proc", Flags: unix.MS_NOSUID | unix.MS_NODEV | unix.MS_NOEXEC}
	return append([]*configs.Mount{proc}, devMounts(b.devTemplate)...)
}

// sandboxDevices are the device nodes Nix's sandbox has: null, zero,
// full, random, urandom and tty, plus kvm where the host has it (with
// the host's permissions, as Nix's bind mount shows it).
func sandboxDevices() []*devices.Device {
	var out []*devices.Device
	for _, d := range specconv.AllowedDevices {
		if d.Path != "" && d.Path != "/dev/console" && d.Path != "/dev/ptmx" {
			out = append(out, d)
		}
	}
	if fi, err := os.Stat("/dev/kvm"); err == nil && fi.Mode()&os.ModeCharDevice != 0 {
		if st, ok := fi.Sys().(*syscall.Stat_t); ok {
			out = append(out, &devices.Device{Path: "/dev/kvm", FileMode: fi.Mode().Perm(), Rule: devices.Rule{
				Type: devices.CharDevice, Major: int64(unix.Major(uint64(st.Rdev))), Minor: int64(unix.Minor(uint64(st.Rdev))),
				Permissions: "rwm", Allow: true}})
		}
	}
	return out
}

func (b *ociBuilder) config(id, root string, req *buildv1.BuildRequest, mounts []*configs.Mount) *configs.Config {
	ns := configs.Namespaces{{Type: configs.NEWNS}, {Type: configs.NEWPID}, {Type: configs.NEWIPC}, {Type: configs.NEWUTS}}
	var networks []*configs.Network
	if !req.GetConstraints().GetNetworkAccess() {
		ns = append(ns, configs.Namespace{Type: configs.NEWNET})
		networks = []*configs.Network{{Type: "loopback"}}
	}
	devs := sandboxDevices()
	res := &cgroups.Resources{}
	for _, d := range devs {
		res.Devices = append(res.Devices, &d.Rule)
	}
	if m := req.GetConstraints().GetMinMemory(); m > 0 {
		res.Memory = int64(m)
	}
	if p := req.GetLimits().GetMaxPids(); p > 0 {
		limit := int64(p)
		res.PidsLimit = &limit
	}
	return &configs.Config{
		Rootfs:            root,
		Mounts:            mounts,
		Devices:           devs,
		Hostname:          "localhost",
		Domainname:        "(none)",
		Namespaces:        ns,
		Networks:          networks,
		Capabilities:      &configs.Capabilities{},
		NoNewPrivileges:   true,
		ParentDeathSignal: int(unix.SIGKILL),
		Cgroups:           &cgroups.Cgroup{Name: id, Parent: "tvix-build", Resources: res},
		Version:           "1.2.0",
	}
}

// run starts the command and waits for it, enforcing the timeout, the
// silence limit and ctx. When it returns, every process of the build is
// gone: the command is its PID namespace's init (the kernel kills the
// rest when it exits) and the container is destroyed (its cgroup
// emptied) in any case.
func (b *ociBuilder) run(ctx context.Context, id, root string, req *buildv1.BuildRequest, mounts []*configs.Mount, log io.Writer, sp *buildprof.Span) error {
	pr, pw, err := os.Pipe()
	if err != nil {
		return err
	}
	defer pr.Close()
	devNull, err := os.Open(os.DevNull)
	if err != nil {
		pw.Close()
		return err
	}
	defer devNull.Close()
	env := make([]string, len(req.EnvironmentVars))
	for i, e := range req.EnvironmentVars {
		env[i] = e.Key + "=" + string(e.Value)
	}
	spec := sandbox.Spec{Args: req.CommandArgs, Env: env, UID: b.opts.UID, GID: b.opts.GID, Cwd: "/" + req.WorkingDir}
	container, err := b.runner.Start(id, b.config(id, root, req, mounts), spec, devNull, pw)
	pw.Close()
	var se *sandbox.StartError
	if errors.As(err, &se) {
		return builder.Failed(builder.ExitStatus, "failed to start %q: %v", req.CommandArgs[0], err)
	}
	if err != nil {
		return fmt.Errorf("creating container: %w", err)
	}
	sp.Next("wait for command")

	activity := make(chan struct{}, 1)
	logDone := make(chan struct{})
	go func() {
		defer close(logDone)
		buf := make([]byte, 32<<10)
		for {
			n, err := pr.Read(buf)
			if n > 0 {
				log.Write(buf[:n])
				select {
				case activity <- struct{}{}:
				default:
				}
			}
			if err != nil {
				return
			}
		}
	}()
	type exit struct {
		status syscall.WaitStatus
		err    error
	}
	exited := make(chan exit, 1)
	go func() {
		st, err := container.Wait()
		exited <- exit{st, err}
	}()

	var timeout, silent <-chan time.Time
	if t := req.GetLimits().GetTimeoutSeconds(); t > 0 {
		timer := time.NewTimer(time.Duration(t) * time.Second)
		defer timer.Stop()
		timeout = timer.C
	}
	var silentTimer *time.Timer
	silentFor := time.Duration(req.GetLimits().GetMaxSilentSeconds()) * time.Second
	if silentFor > 0 {
		silentTimer = time.NewTimer(silentFor)
		defer silentTimer.Stop()
		silent = silentTimer.C
	}
	var killed error
	kill := func(why error) {
		if killed == nil {
			killed = why
			container.Kill()
		}
	}
	var res exit
	logClosed := logDone
wait:
	for {
		select {
		case res = <-exited:
			break wait
		case <-activity:
			if silentTimer != nil && killed == nil {
				silentTimer.Reset(silentFor)
			}
		case <-logClosed:
			// As in Nix, the build is over when its output is closed:
			// a builder that closes stdout and stderr and goes on is
			// killed (and fails with signal 9), one that is exiting
			// anyway keeps its exit status.
			logClosed = nil
			container.Kill()
		case <-ctx.Done():
			kill(ctx.Err())
		case <-timeout:
			kill(builder.Failed(builder.Timeout, "timed out after %d seconds", req.Limits.TimeoutSeconds))
		case <-silent:
			kill(builder.Failed(builder.Silent, "timed out after %d seconds of silence", req.Limits.MaxSilentSeconds))
		}
	}
	sp.Next("destroy container")
	container.Destroy()
	<-logDone
	profileUsage(container.Usage())
	if killed != nil {
		return killed
	}
	if res.err != nil {
		return res.err
	}
	if ws := res.status; ws.Signaled() {
		return &builder.Error{Reason: builder.ExitStatus, ExitCode: -1,
			Message: fmt.Sprintf("failed due to signal %d (%s)", int(ws.Signal()), signalName(ws.Signal()))}
	} else if code := ws.ExitStatus(); code != 0 {
		return &builder.Error{Reason: builder.ExitStatus, ExitCode: code,
			Message: fmt.Sprintf("failed with exit code %d", code)}
	}
	return nil
}

// profileUsage counts a container's processes' CPU time in the build
// profile.
func profileUsage(u sandbox.Usage) {
	if !buildprof.On {
		return
	}
	buildprof.Add(buildprof.Containers, "runc init until the command runs", 0, u.InitCPU)
	buildprof.Add(buildprof.Containers, "builder command", 0, u.CommandCPU)
}

// signalName is strsignal's name for sig ("Killed"), as Nix prints it.
func signalName(sig syscall.Signal) string {
	name := sig.String()
	if name == "" {
		return name
	}
	return strings.ToUpper(name[:1]) + name[1:]
}
