package nodetest

import (
	"bytes"
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/p2pnix/tvix/internal/nixtest"
)

// LANWait bounds each command run on a LAN.
const LANWait = 60 * time.Second

// LAN is a LAN of network namespaces: one holding a bridge with
// multicast, and one per host, each joined to the bridge by a veth pair
// (eth0 in the host's namespace, veth<i> on the bridge, address
// 10.77.<net>.<i+1>/24).
type LAN struct {
	t      testing.TB
	Bridge string   // namespace holding the bridge
	Hosts  []string // host namespaces
	net    int
}

// NewLAN creates n host namespaces on one bridge and removes them all at
// the end of the test, whatever happened (namespaces are registered for
// removal before anything is created in them). It needs root.
func NewLAN(t testing.TB, n int) *LAN {
	t.Helper()
	nixtest.RequireRoot(t)
	if _, err := exec.LookPath("ip"); err != nil {
		nixtest.Unavailable(t, "ip (iproute2) not installed")
	}
	if _, err := exec.LookPath("nsenter"); err != nil {
		nixtest.Unavailable(t, "nsenter (util-linux) not installed")
	}
	id := fmt.Sprintf("%d-%d", os.Getpid()%100000, rand.IntN(1000))
	l := &LAN{t: t, Bridge: "tvixlan-br-" + id, net: 1 + rand.IntN(250)}
	del := func(ns string) {
		t.Cleanup(func() {
			if out, err := exec.Command("ip", "netns", "del", ns).CombinedOutput(); err != nil {
				t.Logf("ip netns del %s: %v: %s", ns, err, out)
			}
		})
	}
	del(l.Bridge)
	l.IP("netns", "add", l.Bridge)
	l.IP("-n", l.Bridge, "link", "add", "br0", "type", "bridge", "mcast_snooping", "0")
	l.IP("-n", l.Bridge, "link", "set", "br0", "up")
	for i := range n {
		ns := fmt.Sprintf("tvixlan-%s-%d", id, i)
		del(ns)
		l.IP("netns", "add", ns)
		l.IP("-n", l.Bridge, "link", "add", l.veth(i), "type", "veth", "peer", "name", "eth0", "netns", ns)
		l.IP("-n", l.Bridge, "link", "set", l.veth(i), "master", "br0", "up")
		l.IP("-n", ns, "link", "set", "lo", "up")
		l.IP("-n", ns, "addr", "add", l.Addr(i)+"/24", "dev", "eth0")
		l.IP("-n", ns, "link", "set", "eth0", "multicast", "on", "up")
		l.IP("-n", ns, "route", "add", "224.0.0.0/4", "dev", "eth0")
		l.Hosts = append(l.Hosts, ns)
	}
	return l
}

func (l *LAN) veth(i int) string { return fmt.Sprintf("veth%d", i) }

// Addr is host i's IPv4 address.
func (l *LAN) Addr(i int) string { return fmt.Sprintf("10.77.%d.%d", l.net, i+1) }

// IP runs ip with args, bounded by LANWait, and fails the test on error.
func (l *LAN) IP(args ...string) {
	l.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), LANWait)
	defer cancel()
	if out, err := exec.CommandContext(ctx, "ip", args...).CombinedOutput(); err != nil {
		l.t.Fatalf("ip %s: %v: %s", strings.Join(args, " "), err, out)
	}
}

// SetLink cuts host i off the bridge (up false) or plugs it back in, as
// pulling its cable would.
func (l *LAN) SetLink(i int, up bool) {
	l.t.Helper()
	state := "down"
	if up {
		state = "up"
	}
	l.IP("-n", l.Bridge, "link", "set", l.veth(i), state)
}

// Exec is argv run in host i's network namespace: the command line to
// give exec.Command or Start. It enters only the network namespace
// (nsenter, which then execs argv, so the process is argv's): `ip netns
// exec` also mounts a fresh /sys, which hides the cgroup mount that
// build sandboxes need.
func (l *LAN) Exec(i int, argv ...string) []string {
	return append([]string{"nsenter", "--net=/run/netns/" + l.Hosts[i], "--"}, argv...)
}

// Run runs a command in host i's namespace, bounded by LANWait, with env
// added to the environment ($TVIX_STORE and $TVIX_NODE cleared first),
// and returns its stdout, stderr and error.
func (l *LAN) Run(i int, env []string, argv ...string) (string, string, error) {
	ctx, cancel := context.WithTimeout(context.Background(), LANWait)
	defer cancel()
	full := l.Exec(i, argv...)
	cmd := exec.CommandContext(ctx, full[0], full[1:]...)
	cmd.Env = append(os.Environ(), "TVIX_STORE=", "TVIX_NODE=")
	cmd.Env = append(cmd.Env, env...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	return stdout.String(), stderr.String(), err
}
