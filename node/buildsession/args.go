package buildsession

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/p2pnix/tvix/eval/instantiate"
)

// Args is a parsed nix-build command line (see ParseArgs).
type Args struct {
	// Eval are the evaluation options: the files or expressions, -A, -I,
	// --arg and --argstr.
	Eval     *instantiate.Options
	Settings Settings
	// OutLink is the name of the result link (-o), "" with --no-out-link.
	OutLink string
	// JSON asks for one JSON record per derivation instead of the paths.
	JSON bool
	// Store and Node are tvix's --store and --node when given.
	Store, Node string
}

// ParseArgs parses a nix-build command line (tvix build's): it takes
// nix-build's build flags and tvix's --store and --node out of args and
// hands the rest to instantiate.ParseArgs (whose instantiate.ErrHelp
// comes back for --help). Flags that only evaluate (--eval, --parse,
// --xml, --strict) are refused; -j 0 means 1.
func ParseArgs(args []string) (*Args, error) {
	c := &Args{OutLink: "result", Settings: DefaultSettings()}
	s := &c.Settings
	var rest []string
	for i := 0; i < len(args); i++ {
		a, val, hasVal := args[i], "", false
		if strings.HasPrefix(a, "--") {
			if k, v, ok := strings.Cut(a, "="); ok {
				a, val, hasVal = k, v, true
			}
		}
		value := func() (string, error) {
			if hasVal {
				return val, nil
			}
			if i+1 >= len(args) {
				return "", fmt.Errorf("flag '%s' requires 1 argument(s)", a)
			}
			i++
			return args[i], nil
		}
		intValue := func(dst *int) error {
			v, err := value()
			if err != nil {
				return err
			}
			n, err := strconv.Atoi(v)
			if err != nil || n < 0 {
				return fmt.Errorf("flag '%s': '%s' is not a non-negative integer", a, v)
			}
			*dst = n
			return nil
		}
		durValue := func(dst *time.Duration) error {
			v, err := value()
			if err != nil {
				return err
			}
			if n, err := strconv.Atoi(v); err == nil && n >= 0 {
				*dst = time.Duration(n) * time.Second // Nix's unit
				return nil
			}
			d, err := time.ParseDuration(v)
			if err != nil || d < 0 {
				return fmt.Errorf("flag '%s': '%s' is neither seconds nor a duration", a, v)
			}
			*dst = d
			return nil
		}
		var err error
		switch a {
		case "-o", "--out-link":
			c.OutLink, err = value()
		case "--no-out-link":
			c.OutLink = ""
		case "-j", "--max-jobs":
			err = intValue(&s.Jobs)
		case "--cores":
			err = intValue(&s.Cores)
			s.coresSet = true
		case "-k", "--keep-going":
			s.KeepGoing = true
		case "-K", "--keep-failed":
			s.KeepFailed = true
		case "--local":
			s.Local = true
		case "--check":
			s.Check = true
		case "--check-reproducible":
			s.CheckReproducible = true
		case "--timeout":
			err = durValue(&s.Timeout)
		case "--max-silent-time":
			err = durValue(&s.MaxSilent)
		case "-Q", "--no-build-output", "--quiet":
			s.Quiet = true
		case "--json":
			c.JSON = true
		case "--store":
			c.Store, err = value()
		case "--node":
			c.Node, err = value()
		case "-A", "--attr", "-I", "--include":
			rest = append(rest, args[i:min(i+2, len(args))]...)
			i++
		case "--arg", "--argstr", "--option":
			rest = append(rest, args[i:min(i+3, len(args))]...)
			i += 2
		default:
			rest = append(rest, args[i])
		}
		if err != nil {
			return nil, err
		}
	}
	for _, a := range rest {
		if a == "--eval" || a == "--eval-only" || a == "--parse" || a == "--parse-only" || a == "--xml" || a == "--strict" {
			return nil, fmt.Errorf("unrecognised flag '%s'", a)
		}
	}
	o, err := instantiate.ParseArgs(rest)
	if err != nil {
		return nil, err
	}
	if s.Jobs == 0 {
		s.Jobs = 1
	}
	c.Eval = o
	return c, nil
}
