package node

import (
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strconv"
	"strings"

	"github.com/BurntSushi/toml"
	"github.com/spf13/pflag"

	"github.com/p2pnix/tvix/internal/tvixhome"
	"github.com/p2pnix/tvix/p2p"
	"github.com/p2pnix/tvix/store/nixpath"
)

// listFlag is a flag that may be repeated; each value may also be a
// comma-separated list. Values from a config file are appended the same way.
type listFlag struct{ v *[]string }

func (l listFlag) String() string {
	if l.v == nil {
		return ""
	}
	return strings.Join(*l.v, ",")
}

// Type names the value in help texts.
func (l listFlag) Type() string { return "strings" }

func (l listFlag) Set(s string) error {
	for _, f := range strings.Split(s, ",") {
		if f = strings.TrimSpace(f); f != "" {
			*l.v = append(*l.v, f)
		}
	}
	return nil
}

// sizeFlag is a byte count flag ("50GiB", see p2p.ParseSize).
type sizeFlag struct{ v *uint64 }

func (f sizeFlag) String() string {
	if f.v == nil || *f.v == 0 {
		return ""
	}
	return strconv.FormatUint(*f.v, 10)
}

// Type names the value in help texts.
func (f sizeFlag) Type() string { return "size" }

func (f sizeFlag) Set(s string) error {
	n, err := p2p.ParseSize(s)
	if err != nil {
		return err
	}
	*f.v = n
	return nil
}

// shareFlag is a share between 0 and 1 ("0.05").
type shareFlag struct{ v *float64 }

func (f shareFlag) String() string {
	if f.v == nil {
		return "0"
	}
	return strconv.FormatFloat(*f.v, 'g', -1, 64)
}

// Type names the value in help texts.
func (f shareFlag) Type() string { return "share" }

func (f shareFlag) Set(s string) error {
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || !(v >= 0 && v <= 1) {
		return fmt.Errorf("%q is not a share between 0 and 1", s)
	}
	*f.v = v
	return nil
}

// Flags are tvix-node's command-line flags, registered on a pflag set by
// AddFlags; Config reads them after parsing.
type Flags struct {
	fs                              *pflag.FlagSet
	cfg                             Config
	configFile, logFormat, logLevel string
}

// AddFlags registers tvix-node's flags on fs.
func AddFlags(fs *pflag.FlagSet) *Flags {
	f := &Flags{fs: fs}
	cfg := &f.cfg
	storeDir := os.Getenv("NIX_STORE_DIR")
	if storeDir == "" {
		storeDir = string(nixpath.DefaultStoreDir)
	}
	fs.StringVar(&f.configFile, "config", "", "TOML file with the same keys as the flags (default <data-dir>/"+tvixhome.ConfigName+" if it exists); flags win")
	fs.StringVar(&cfg.DataDir, "data-dir", string(tvixhome.Default()), "node state directory ($TVIX_HOME)")
	fs.StringVar(&cfg.APIListen, "api-listen", DefaultAPIListen, "address of the gRPC and HTTP API (binary cache)")
	fs.StringVar(&cfg.StoreURL, "store", "", "store URL to serve (default local:<data-dir>/store; $TVIX_STORE is not used, it may name this node)")
	fs.StringVar(&cfg.DurableStore, "durable-store", "", "store shared by nodes (e.g. s3://bucket?endpoint=host:port) behind --store, which becomes its read-through cache; paths reach it before the node serves them")
	fs.StringVar(&cfg.StoreDir, "store-dir", storeDir, "Nix store directory of the served paths ($NIX_STORE_DIR)")
	fs.StringVar(&cfg.SigningKeyFile, "signing-key", "", "Nix secret key file signing what the node serves without --psk-file (default <data-dir>/"+tvixhome.SecretKeyName+", created on first start); with it the PSK's cluster key signs")
	fs.Var(listFlag{&cfg.TrustedKeys}, "trusted-keys", "Nix public keys (name:base64) whose signatures make uploads acceptable; repeatable or comma-separated")
	fs.IntVar(&cfg.CachePriority, "cache-priority", DefaultCachePriority, "Priority in /nix-cache-info (lower is preferred by Nix)")
	fs.StringVar(&cfg.CacheCompression, "cache-compression", "none", "compression of the NARs narinfos point to: none or zstd (both URLs are always served)")
	fs.Var(listFlag{&cfg.P2PListen}, "p2p-listen", "libp2p listen multiaddrs; repeatable or comma-separated (default TCP on the port after --api-listen's, all interfaces)")
	fs.StringVar(&cfg.PSKFile, "psk-file", "", "swarm.key of the private network (tvix cluster new-psk); only nodes with the same key can connect")
	fs.BoolVar(&cfg.NoMDNS, "no-mdns", false, "do not discover peers on the LAN by mDNS")
	fs.Var(listFlag{&cfg.Join}, "join", "API addresses (host:port) of running nodes to connect to; repeatable or comma-separated")
	fs.IntVar(&cfg.Replicas, "replicas", 0, "how many nodes should hold each new output, this one included (default 2)")
	fs.Var(sizeFlag{&cfg.StoreCapacity}, "store-capacity", "most bytes the local store should hold (e.g. 50GiB); above it, least recently used paths that enough peers hold are evicted (default no limit)")
	fs.BoolVar(&cfg.NoClusterTrust, "no-cluster-trust", false, "sign with this node's own key and trust only --trusted-keys (and it) for paths from peers, not the private network's cluster key")
	fs.StringVar(&cfg.GossipListen, "gossip-listen", "", "build farm gossip address host:port (default --api-listen's host, two ports after its port)")
	fs.Var(listFlag{&cfg.Substituters}, "substituters", "upstream binary caches (http://, https://, file://DIR) asked, in order, for paths the cluster lacks; repeatable or comma-separated (default none)")
	fs.Var(listFlag{&cfg.TrustedPublicKeys}, "trusted-public-keys", "Nix public keys (name:base64) of which a path from --substituters needs a signature; repeatable or comma-separated")
	fs.IntVar(&cfg.MaxBuilds, "max-builds", 0, "builds to run here at once (default one per CPU; -1: build nothing here)")
	fs.Var(shareFlag{&cfg.CheckReproducible}, "check-reproducible", "share (0 to 1) of the farm builds this node coordinates that a second peer builds again to compare outputs (default 0)")
	fs.StringVar(&f.logFormat, "log-format", "text", "log format: text or json")
	fs.StringVar(&f.logLevel, "log-level", "info", "log level: debug, info, warn or error")
	return f
}

// Config returns the Config of the parsed flags and the TOML
// configuration file: --config, else <data-dir>/node.toml when that
// exists; its keys are the flags' names and flags given on the command
// line win over it. Log output goes to stderr.
func (f *Flags) Config(stderr io.Writer) (Config, error) {
	cfg := f.cfg
	configFile := f.configFile
	if configFile == "" {
		p := tvixhome.Dir(cfg.DataDir).Config()
		if _, err := os.Stat(p); err == nil {
			configFile = p
		}
	}
	if configFile != "" {
		if err := applyConfigFile(f.fs, configFile); err != nil {
			return cfg, err
		}
		cfg = f.cfg
	}
	logger, err := NewLogger(stderr, f.logFormat, f.logLevel)
	if err != nil {
		return cfg, err
	}
	cfg.Logger = logger
	cfg.Log = stderr
	return cfg, nil
}

// ParseArgs turns tvix-node's command line (without the program name) and
// its TOML configuration file into a Config (see Flags.Config).
func ParseArgs(args []string, stderr io.Writer) (Config, error) {
	fs := pflag.NewFlagSet("tvix-node", pflag.ContinueOnError)
	fs.SetOutput(stderr)
	f := AddFlags(fs)
	if err := fs.Parse(args); err != nil {
		return f.cfg, err
	}
	if fs.NArg() > 0 {
		return f.cfg, fmt.Errorf("unexpected argument %q", fs.Arg(0))
	}
	return f.Config(stderr)
}

// applyConfigFile sets every flag named by a key of the TOML file that was
// not given on the command line.
func applyConfigFile(fs *pflag.FlagSet, path string) error {
	var m map[string]any
	md, err := toml.DecodeFile(path, &m)
	if err != nil {
		return fmt.Errorf("config %s: %w", path, err)
	}
	for _, key := range md.Keys() {
		k := key.String()
		f := fs.Lookup(k)
		if f == nil || k == "config" {
			return fmt.Errorf("config %s: unknown key %q", path, k)
		}
		if f.Changed {
			continue
		}
		var vals []any
		switch v := m[k].(type) {
		case []any:
			vals = v
		default:
			vals = []any{v}
		}
		for _, v := range vals {
			var s string
			switch v := v.(type) {
			case string:
				s = v
			case int64:
				s = strconv.FormatInt(v, 10)
			case bool:
				s = strconv.FormatBool(v)
			case float64:
				s = strconv.FormatFloat(v, 'g', -1, 64)
			default:
				return fmt.Errorf("config %s: key %q: unsupported value %v (want a string, number, boolean or list of them)", path, k, v)
			}
			if err := f.Value.Set(s); err != nil {
				return fmt.Errorf("config %s: key %q: %w", path, k, err)
			}
		}
	}
	return nil
}

// NewLogger returns a slog logger writing text or JSON at the given level.
func NewLogger(w io.Writer, format, level string) (*slog.Logger, error) {
	var lv slog.Level
	if err := lv.UnmarshalText([]byte(level)); err != nil {
		return nil, fmt.Errorf("--log-level %q: want debug, info, warn or error", level)
	}
	opts := &slog.HandlerOptions{Level: lv}
	switch format {
	case "text":
		return slog.New(slog.NewTextHandler(w, opts)), nil
	case "json":
		return slog.New(slog.NewJSONHandler(w, opts)), nil
	}
	return nil, errors.New("--log-format " + strconv.Quote(format) + ": want text or json")
}
