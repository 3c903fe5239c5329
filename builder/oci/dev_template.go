package oci

import (
	"crypto/sha256"
	"fmt"
	"os"
	"path/filepath"

	devices "github.com/opencontainers/cgroups/devices/config"
	"github.com/opencontainers/runc/libcontainer/configs"
	"golang.org/x/sys/unix"
)

// devSymlinks are the symbolic links of the sandbox's /dev, as Nix's and
// libcontainer's.
var devSymlinks = [][2]string{
	{"fd", "/proc/self/fd"},
	{"stdin", "/proc/self/fd/0"},
	{"stdout", "/proc/self/fd/1"},
	{"stderr", "/proc/self/fd/2"},
	{"ptmx", "pts/ptmx"},
}

// makeDevTemplate makes a directory under dir holding what the sandbox's
// /dev holds: the device nodes devs (with the host's permissions where
// the host has the node, as Nix's bind mounts show them), devSymlinks,
// and the mount points pts and shm. Each build then bind-mounts it
// read-only at /dev, instead of libcontainer making a tmpfs and every
// node and link again for each build (a sixth of a container's setup).
// It returns "" when device nodes would not work there (a nodev mount).
// The directory is named after what it holds and shared by every builder
// using dir: it appears complete, by rename, and is never removed.
func makeDevTemplate(dir string, devs []*devices.Device) (string, error) {
	var fs unix.Statfs_t
	if err := unix.Statfs(dir, &fs); err != nil {
		return "", err
	}
	if fs.Flags&unix.ST_NODEV != 0 {
		return "", nil
	}
	h := sha256.New()
	for _, d := range devs {
		fmt.Fprintf(h, "%s %c %d %d %o\n", d.Path, d.Type, d.Major, d.Minor, d.FileMode)
	}
	for _, l := range devSymlinks {
		fmt.Fprintf(h, "%s -> %s\n", l[0], l[1])
	}
	final := filepath.Join(dir, fmt.Sprintf("dev-%x", h.Sum(nil)[:8]))
	if _, err := os.Lstat(final); err == nil {
		return final, nil
	}
	tmp, err := os.MkdirTemp(dir, "dev-tmp-")
	if err != nil {
		return "", err
	}
	if err := fillDevTemplate(tmp, devs); err != nil {
		os.RemoveAll(tmp)
		return "", fmt.Errorf("sandbox /dev template: %w", err)
	}
	if err := os.Rename(tmp, final); err != nil {
		os.RemoveAll(tmp) // another builder made it first
		if _, serr := os.Lstat(final); serr != nil {
			return "", err
		}
	}
	return final, nil
}

func fillDevTemplate(p string, devs []*devices.Device) error {
	if err := os.Chmod(p, 0o755); err != nil {
		return err
	}
	for _, d := range devs {
		if d.Type != devices.CharDevice {
			continue
		}
		mode := uint32(d.FileMode.Perm())
		var host unix.Stat_t
		if unix.Stat(d.Path, &host) == nil && host.Mode&unix.S_IFMT == unix.S_IFCHR {
			mode = host.Mode & 0o777
		}
		node := filepath.Join(p, filepath.Base(d.Path))
		if err := unix.Mknod(node, unix.S_IFCHR|mode, int(unix.Mkdev(uint32(d.Major), uint32(d.Minor)))); err != nil {
			return err
		}
		if err := unix.Chmod(node, mode); err != nil { // past the umask
			return err
		}
	}
	for _, l := range devSymlinks {
		if err := os.Symlink(l[1], filepath.Join(p, l[0])); err != nil {
			return err
		}
	}
	if err := os.Mkdir(filepath.Join(p, "pts"), 0o755); err != nil {
		return err
	}
	shm := filepath.Join(p, "shm")
	if err := os.Mkdir(shm, 0o755); err != nil {
		return err
	}
	return unix.Chmod(shm, 0o1777)
}

// devMounts are the mounts of the sandbox's /dev: the template at
// devTemplate read-only, or, without one, a tmpfs that libcontainer fills
// with the nodes and links; then a new devpts instance and a tmpfs at
// /dev/shm, as in Nix's sandbox.
func devMounts(devTemplate string) []*configs.Mount {
	dev := &configs.Mount{Source: "tmpfs", Destination: "/dev", Device: "tmpfs", Flags: unix.MS_NOSUID | unix.MS_STRICTATIME, Data: "mode=755,size=65536k"}
	if devTemplate != "" {
		dev = &configs.Mount{Source: devTemplate, Destination: "/dev", Device: "bind", Flags: unix.MS_BIND | unix.MS_RDONLY | unix.MS_NOSUID}
	}
	return []*configs.Mount{
		dev,
		{Source: "devpts", Destination: "/dev/pts", Device: "devpts", Flags: unix.MS_NOSUID | unix.MS_NOEXEC, Data: "newinstance,ptmxmode=0666,mode=0620"},
		{Source: "shm", Destination: "/dev/shm", Device: "tmpfs", Flags: unix.MS_NOSUID | unix.MS_NODEV, Data: "mode=1777"},
	}
}
