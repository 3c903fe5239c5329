package oci

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"golang.org/x/sys/unix"

	"github.com/p2pnix/tvix/proto/buildv1"
)

// The files Nix 2.8's sandbox puts in /etc (for the build user 1000:100
// and the build directory /build); hosts only when the build has no
// network access, as a fixed-output build sees the host's instead.
const (
	etcPasswd = "root:x:0:0:Nix build user:/build:/noshell\n" +
		"nixbld:x:%d:%d:Nix build user:/build:/noshell\n" +
		"nobody:x:65534:65534:Nobody:/:/noshell\n"
	etcGroup = "root:x:0:\n" +
		"nixbld:!:%d:\n" +
		"nogroup:x:65534:\n"
	etcHosts = "127.0.0.1 localhost\n::1 localhost\n"
)

// makeRootfs lays out the sandbox root at root: exactly build, dev, etc,
// nix, proc and tmp, as Nix's chroot has them. Scratch paths are owned
// by the build user, the store directory is group-writable and sticky
// like Nix's, and the request's additional files are written, owned by
// the build user.
func makeRootfs(root string, req *buildv1.BuildRequest, uid, gid int) error {
	if err := os.Mkdir(root, 0o750); err != nil {
		return err
	}
	if err := os.Chown(root, 0, gid); err != nil {
		return err
	}
	for _, d := range []string{"dev", "etc", "nix", "proc"} {
		if err := os.Mkdir(filepath.Join(root, d), 0o755); err != nil {
			return err
		}
	}
	tmp := filepath.Join(root, "tmp")
	if err := os.Mkdir(tmp, 0o777); err != nil {
		return err
	}
	// unix.Chmod: os.Chmod takes the sticky bit only as os.ModeSticky.
	if err := unix.Chmod(tmp, 0o1777); err != nil {
		return err
	}
	files := map[string]string{
		"passwd": fmt.Sprintf(etcPasswd, uid, gid),
		"group":  fmt.Sprintf(etcGroup, gid),
	}
	if !req.GetConstraints().GetNetworkAccess() {
		files["hosts"] = etcHosts
	}
	for name, content := range files {
		if err := os.WriteFile(filepath.Join(root, "etc", name), []byte(content), 0o644); err != nil {
			return err
		}
	}
	for _, s := range req.ScratchPaths {
		p := filepath.Join(root, s)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return err
		}
		mode := uint32(0o700)
		owner := uid
		if s == req.InputsDir {
			mode, owner = 0o1775, 0
		}
		if err := os.Mkdir(p, 0o700); err != nil {
			return err
		}
		if err := unix.Chmod(p, mode); err != nil {
			return err
		}
		if err := os.Chown(p, owner, gid); err != nil {
			return err
		}
	}
	for _, f := range req.AdditionalFiles {
		p := filepath.Join(root, f.Path)
		if !strings.HasPrefix(p, root+"/") {
			return fmt.Errorf("additional file %q is outside the sandbox", f.Path)
		}
		if err := os.WriteFile(p, f.Contents, 0o644); err != nil {
			return err
		}
		if err := os.Chown(p, uid, gid); err != nil {
			return err
		}
	}
	return nil
}
