package nixdaemon_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/p2pnix/tvix/node/nixdaemon"
	"github.com/p2pnix/tvix/store"
	"github.com/p2pnix/tvix/store/derivation"
)

// fakeBuilder fails every BuildDerivation after a line of log and
// records the options and derivation it was given.
type fakeBuilder struct {
	mu   sync.Mutex
	opts nixdaemon.BuildOptions
	drv  *derivation.Derivation
}

var _ nixdaemon.Builder = (*fakeBuilder)(nil)

func (b *fakeBuilder) BuildPaths(context.Context, []string, nixdaemon.BuildOptions) ([]nixdaemon.BuildOutcome, error) {
	panic("not called")
}

func (b *fakeBuilder) BuildDerivation(_ context.Context, drvPath string, drv *derivation.Derivation, o nixdaemon.BuildOptions) (nixdaemon.BuildOutcome, error) {
	b.mu.Lock()
	b.opts, b.drv = o, drv
	b.mu.Unlock()
	o.Log("building " + drvPath)
	o.Builds.Line(drvPath, "a line of its log")
	o.Builds.Stopped(drvPath)
	now := time.Unix(1700000000, 0)
	return nixdaemon.BuildOutcome{Status: nixdaemon.StatusPermanentFailure, Error: "builder for '" + drvPath + "' failed with exit code 1", Start: now, Stop: now.Add(time.Second)}, nil
}

// TestBuildDerivationProtocol sends SetOptions and an inline derivation
// as clients of 1.34 and 1.37 do: the builder gets the client's settings
// and the derivation, its message comes back as STDERR_NEXT and the
// build's log as the result of a build activity, the failed
// build is a BuildResult in the version's layout, and the connection
// goes on.
func TestBuildDerivationProtocol(t *testing.T) {
	for _, v := range []nixdaemon.Version{1<<8 | 34, 1<<8 | 37} {
		t.Run(v.String(), func(t *testing.T) {
			b := &fakeBuilder{}
			sock := daemonWith(t, store.NewMemoryStore(), b)
			c := dial(t, sock, v)
			defer c.close()

			c.u64(uint64(nixdaemon.OpSetOptions))
			for _, x := range []uint64{0, 1, 0, 0, 4, 7, 0, 0, 0, 0, 3, 0} { // keepGoing, 4 jobs, max-silent 7, 3 cores
				c.u64(x)
			}
			c.u64(1)
			c.str("timeout")
			c.str("9")
			c.flush()
			if err := c.stderr(); err != "" {
				t.Fatalf("SetOptions: %s", err)
			}

			drvPath := "/nix/store/00000000000000000000000000000000-x.drv"
			out := "/nix/store/11111111111111111111111111111111-x"
			c.u64(uint64(nixdaemon.OpBuildDerivation))
			c.str(drvPath)
			c.u64(1)
			for _, s := range []string{"out", out, "", ""} {
				c.str(s)
			}
			c.u64(0)              // input sources
			c.str("x86_64-linux") // platform
			c.str("/bin/sh")
			c.u64(1)
			c.str("-c")
			c.u64(1)
			c.str("out")
			c.str(out)
			c.u64(0) // build mode
			c.flush()
			var logs []string
			fields := func() (f []string) {
				for n := c.readU64(); n > 0; n-- {
					if c.readU64() == 1 {
						f = append(f, c.readString())
					} else {
						f = append(f, fmt.Sprint(c.readU64()))
					}
				}
				return f
			}
		read:
			for {
				switch m := c.readU64(); m {
				case 0x6f6c6d67: // STDERR_NEXT
					logs = append(logs, c.readString())
				case 0x53545254: // STDERR_START_ACTIVITY
					id, lvl, typ, text := c.readU64(), c.readU64(), c.readU64(), c.readString()
					logs = append(logs, fmt.Sprintf("start %d %d %d %s %q %d", id&0xffff, lvl, typ, text, fields(), c.readU64()))
				case 0x52534c54: // STDERR_RESULT
					id, typ := c.readU64(), c.readU64()
					logs = append(logs, fmt.Sprintf("result %d %d %q", id&0xffff, typ, fields()))
				case 0x53544f50: // STDERR_STOP_ACTIVITY
					logs = append(logs, fmt.Sprintf("stop %d", c.readU64()&0xffff))
				case 0x616c7473: // STDERR_LAST
					break read
				default:
					t.Fatalf("BuildDerivation: message %#x", m)
				}
			}
			want := []string{
				"building " + drvPath + "\n",
				fmt.Sprintf(`start 1 3 105 building '%s' ["%[1]s" "" "1" "1"] 0`, drvPath),
				`result 1 101 ["a line of its log"]`,
				"stop 1",
			}
			if !slices.Equal(logs, want) {
				t.Errorf("messages\n got %q\nwant %q", logs, want)
			}
			if st := c.readU64(); st != uint64(nixdaemon.StatusPermanentFailure) {
				t.Errorf("status %d", st)
			}
			if msg := c.readString(); !strings.Contains(msg, "failed with exit code 1") {
				t.Errorf("error message %q", msg)
			}
			if times, nondet, start, stop := c.readU64(), c.readU64(), c.readU64(), c.readU64(); times != 0 || nondet != 0 || start != 1700000000 || stop != 1700000001 {
				t.Errorf("times built %d, non-deterministic %d, start %d, stop %d", times, nondet, start, stop)
			}
			if v.AtLeast(37) {
				c.readU64() // CPU user
				c.readU64() // CPU system
			}
			if n := c.readU64(); n != 0 {
				t.Errorf("%d built outputs for a failed build", n)
			}

			b.mu.Lock()
			o, drv := b.opts, b.drv
			b.mu.Unlock()
			if o.Jobs != 4 || o.Cores != 3 || !o.KeepGoing || o.MaxSilent != 7*time.Second || o.Timeout != 9*time.Second {
				t.Errorf("build options %+v", o)
			}
			if drv.Name != "x" || drv.Outputs["out"].Path != out || drv.Builder != "/bin/sh" || drv.Env["out"] != out || drv.Platform != "x86_64-linux" {
				t.Errorf("derivation %+v", drv)
			}

			// The connection goes on.
			c.u64(uint64(nixdaemon.OpIsValidPath))
			c.str(out)
			c.flush()
			if err := c.stderr(); err != "" {
				t.Fatalf("IsValidPath: %s", err)
			}
			if valid := c.readU64(); valid != 0 {
				t.Errorf("IsValidPath %s = %d", out, valid)
			}
		})
	}
}
