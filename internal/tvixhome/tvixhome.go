// Package tvixhome owns the layout of tvix's data directory ($TVIX_HOME),
// which the tvix command and tvix-node share. Nothing else joins names
// under it:
//
//	store/              the local store (bbolt database and packs), locked while in use
//	secret-key          the Nix signing key (name:base64, mode 0600)
//	public-key          its public half, for trusted-public-keys
//	p2p-identity.key    the libp2p host key
//	node.toml           tvix-node's optional configuration, same keys as its flags
//	tvix.sock           a running tvix-node's API socket
//	nix-daemon.sock     a running tvix-node's Nix daemon protocol socket (mode 0660)
//	log/<drv>           build logs, one file per derivation
//	uploads/            NARs PUT by `nix copy` waiting for their narinfo
//	builder/            the OCI sandboxes of running builds
//	checkout/           outputs tvix build materialised for result links
//	gcroots/auto/       the result links those checkouts are kept for
//
// It imports only the standard library, so every layer may use it.
package tvixhome

import (
	"os"
	"path/filepath"
)

// Names of the files and directories in a data directory, for help texts
// and the p2p layer; everything else should use Dir's accessors.
const (
	StoreName       = "store"
	SecretKeyName   = "secret-key"
	PublicKeyName   = "public-key"
	P2PIdentityName = "p2p-identity.key"
	ConfigName      = "node.toml"
	NodeSocketName  = "tvix.sock"
	NixDaemonName   = "nix-daemon.sock"
	LogsName        = "log"
	UploadsName     = "uploads"
	BuilderName     = "builder"
	CheckoutsName   = "checkout"
)

// Dir is a data directory.
type Dir string

// Default returns the data directory of this process: $TVIX_HOME, else
// /var/lib/tvix for root, else $XDG_DATA_HOME/tvix, else
// ~/.local/share/tvix.
func Default() Dir {
	if h := os.Getenv("TVIX_HOME"); h != "" {
		return Dir(h)
	}
	if os.Geteuid() == 0 {
		return "/var/lib/tvix"
	}
	if x := os.Getenv("XDG_DATA_HOME"); x != "" {
		return Dir(filepath.Join(x, "tvix"))
	}
	if h, err := os.UserHomeDir(); err == nil {
		return Dir(filepath.Join(h, ".local", "share", "tvix"))
	}
	return Dir(filepath.Join(os.TempDir(), "tvix"))
}

func (d Dir) join(elem ...string) string {
	return filepath.Join(append([]string{string(d)}, elem...)...)
}

// Store is the directory of the embedded local store.
func (d Dir) Store() string { return d.join(StoreName) }

// SecretKey is the Nix secret key file that signs what is built here.
func (d Dir) SecretKey() string { return d.join(SecretKeyName) }

// PublicKey is the public half of SecretKey, written by tvix-node.
func (d Dir) PublicKey() string { return d.join(PublicKeyName) }

// P2PIdentity is the libp2p host key file.
func (d Dir) P2PIdentity() string { return d.join(P2PIdentityName) }

// Config is tvix-node's configuration file, read when it exists.
func (d Dir) Config() string { return d.join(ConfigName) }

// NodeSocket is the unix socket a tvix-node using this directory serves
// its API on.
func (d Dir) NodeSocket() string { return d.join(NodeSocketName) }

// NixDaemonSocket is the unix socket a tvix-node using this directory
// serves the Nix daemon protocol on (unix://… for stock Nix's --store).
func (d Dir) NixDaemonSocket() string { return d.join(NixDaemonName) }

// Logs is the directory of build logs.
func (d Dir) Logs() string { return d.join(LogsName) }

// BuildLog is the log file of the build of drvPath (a .drv store path or
// its base name).
func (d Dir) BuildLog(drvPath string) string { return d.join(LogsName, filepath.Base(drvPath)) }

// Uploads holds NARs uploaded to the binary cache before their narinfo.
func (d Dir) Uploads() string { return d.join(UploadsName) }

// Builder is the OCI builder's state directory (its sandboxes).
func (d Dir) Builder() string { return d.join(BuilderName) }

// Checkouts is where tvix build materialises the outputs it links.
func (d Dir) Checkouts() string { return d.join(CheckoutsName) }

// AutoRoots holds one symlink per result link of tvix build, as Nix's
// /nix/var/nix/gcroots/auto does.
func (d Dir) AutoRoots() string { return d.join("gcroots", "auto") }
