package node_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/p2pnix/tvix/node"
	"github.com/p2pnix/tvix/node/nodeclient"
	"github.com/p2pnix/tvix/proto/nodev1"
)

// statusBuildExpr is a derivation that prints a line a second for a
// while: long enough to be seen running, with a log, on the status page.
const statusBuildExpr = `{ salt }:
let inherit (import %q { }) mkShell;
in mkShell "status-page-${salt}" ''
  busybox echo "status page build ${salt} started"
  i=0
  while [ $i -lt 120 ]; do
    busybox echo "tick $i"
    busybox sleep 1
    i=$((i + 1))
  done
  busybox echo done > $out
'' { }
`

// TestStatusPageShowsClusterBuild: headless Chromium on the status page
// of a node of a two-node farm (real tvix-node processes) while that node
// coordinates a build: the page shows the build running, with the lines
// its log prints as they come; /metrics counts the running build and the
// members.
func TestStatusPageShowsClusterBuild(t *testing.T) {
	c := startFarmCluster(t, 2)
	busybox, err := filepath.Abs("../examples/busybox.nix")
	if err != nil {
		t.Fatal(err)
	}
	expr := filepath.Join(t.TempDir(), "status.nix")
	if err := os.WriteFile(expr, []byte(fmt.Sprintf(statusBuildExpr, busybox)), 0o644); err != nil {
		t.Fatal(err)
	}
	salt := fmt.Sprint(time.Now().UnixNano())
	cmd := exec.Command(c.tvix, "instantiate", "--argstr", "salt", salt, expr)
	cmd.Env = append(os.Environ(), "TVIX_NODE="+c.procs[0].Addr, "TVIX_STORE=")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("tvix instantiate: %v\n%s", err, stderr.String())
	}
	drv := strings.TrimSpace(string(out))

	// The build runs in the background until the test ends.
	bc, err := nodeclient.DialBuildClient(c.procs[0].Addr)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	built := make(chan error, 1)
	go func() {
		_, err := bc.Build(ctx, &nodev1.BuildRequest{DrvPaths: []string{drv}}, func(*nodev1.BuildEvent) error { return nil })
		built <- err
	}()
	t.Cleanup(func() { cancel(); <-built })

	browser := node.StartBrowser(t)
	if err := chromedp.Do(browser, chromedp.Navigate("http://"+c.procs[0].Addr+"/")); err != nil {
		t.Fatal(err)
	}
	defer func() {
		if t.Failed() {
			t.Log(c.logs())
		}
	}()
	node.WaitText(t, browser, "#peers", "alive")
	node.WaitText(t, browser, "#running", drv)
	node.WaitText(t, browser, "#running pre.log", "status page build "+salt+" started")
	node.WaitText(t, browser, "#running pre.log", "tick 3")

	// The metrics see the same build and members.
	resp, err := http.Get("http://" + c.procs[0].Addr + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	metrics, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	for _, want := range []string{`tvix_builds{state="running"} 1`, "tvix_gossip_members 2", "tvix_p2p_peers 1"} {
		if !bytes.Contains(metrics, []byte(want+"\n")) {
			t.Errorf("/metrics during the build lacks %q", want)
		}
	}
}
