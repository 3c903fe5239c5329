package node

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"os/exec"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/p2pnix/tvix/internal/nixtest"
	"github.com/p2pnix/tvix/node/status"
)

// browserTimeout bounds everything one browser test does.
const browserTimeout = 60 * time.Second

// feedSource is a status.Source whose state a test sets.
type feedSource struct {
	mu   sync.Mutex
	snap status.Snapshot
	subs map[chan status.LogLine]bool
}

var _ status.Source = (*feedSource)(nil)

func (f *feedSource) Snapshot() status.Snapshot {
	f.mu.Lock()
	defer f.mu.Unlock()
	s := f.snap
	s.Running = append([]status.Build(nil), s.Running...)
	for i := range s.Running {
		s.Running[i].Log = append([]string(nil), s.Running[i].Log...)
	}
	return s
}

func (f *feedSource) SubscribeLogs(ctx context.Context) <-chan status.LogLine {
	ch := make(chan status.LogLine, 64)
	f.mu.Lock()
	if f.subs == nil {
		f.subs = map[chan status.LogLine]bool{}
	}
	f.subs[ch] = true
	f.mu.Unlock()
	go func() {
		<-ctx.Done()
		f.mu.Lock()
		delete(f.subs, ch)
		close(ch)
		f.mu.Unlock()
	}()
	return ch
}

// log sends a line of running build i to the subscribers only (not to
// the snapshot's tail), so that only the event stream can show it.
func (f *feedSource) log(i int, line string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	for ch := range f.subs {
		select {
		case ch <- status.LogLine{Build: f.snap.Running[i].ID, Line: line}:
		default:
		}
	}
}

func (f *feedSource) subscribers() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return len(f.subs)
}

// startMemoryNode runs an in-process node with a memory store until the
// test ends.
func startMemoryNode(t *testing.T) *Node {
	t.Helper()
	// P2PListen on a free port: the default is the port after the API's,
	// which another process may hold.
	return runNode(t, Config{DataDir: t.TempDir(), APIListen: "127.0.0.1:0", StoreURL: "memory:", NoMDNS: true,
		P2PListen: []string{"/ip4/127.0.0.1/tcp/0"}})
}

// browser starts headless Chromium (Debian's chromium package).
func browser(t *testing.T) context.Context {
	t.Helper()
	path, err := exec.LookPath("chromium")
	if err != nil {
		nixtest.Unavailable(t, "chromium not installed (make deps installs it)")
	}
	ctx, cancel := context.WithTimeout(context.Background(), browserTimeout)
	opts := append(chromedp.DefaultExecAllocatorOptions[:], chromedp.ExecPath(path), chromedp.NoSandbox,
		chromedp.UserDataDir(t.TempDir()), chromedp.Flag("disable-dev-shm-usage", true))
	actx, acancel := chromedp.NewExecAllocator(ctx, opts...)
	bctx, bcancel := chromedp.NewContext(actx)
	t.Cleanup(func() { bcancel(); acancel(); cancel() })
	if err := chromedp.Do(bctx); err != nil {
		t.Fatalf("starting chromium: %v", err)
	}
	return bctx
}

// waitText waits until the text of the element matching sel contains want.
func waitText(t *testing.T, ctx context.Context, sel, want string) {
	t.Helper()
	js := fmt.Sprintf(`(function(){var e=document.querySelector(%q);return !!e && e.textContent.includes(%q)})()`, sel, want)
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](js, chromedp.WithPollingInterval(100*time.Millisecond))); err != nil {
		text, _ := chromedp.Run(ctx, chromedp.Evaluate[string]("document.body.innerText"))
		t.Fatalf("%s never contained %q: %v\npage:\n%s", sel, want, err, text)
	}
}

// TestStatusPageInBrowser: headless Chromium loads the status page of a
// node whose farm (a status.Source fed by the test) runs a build; the page
// shows the build, its log, the store and hit counts, and then, without a
// reload, a log line written later, a build queued later and the
// finished build (server-sent events).
func TestStatusPageInBrowser(t *testing.T) {
	n := startMemoryNode(t)
	base := "http://" + n.APIAddr().String()
	drv := "/nix/store/0123456789abcdfghijklmnpqrsvwxyz-hello.drv"
	src := &feedSource{snap: status.Snapshot{
		GossipMembers: 1,
		Running: []status.Build{{ID: drv, Drv: drv, Node: n.P2PID(), State: "running",
			Started: time.Now(), Duration: 2 * time.Second, Log: []string{"unpacking sources", "building <hello>"}}},
	}}
	n.SetStatusSource(src)
	resp, err := http.Get(base + "/nix-cache-info")
	if err != nil {
		t.Fatal(err)
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	http.Get(base + "/" + strings.Repeat("0", 32) + ".narinfo") // one miss

	ctx := browser(t)
	if err := chromedp.Do(ctx, chromedp.Navigate(base+"/")); err != nil {
		t.Fatal(err)
	}
	waitText(t, ctx, "#running", drv)
	waitText(t, ctx, "#running pre.log", "building <hello>")
	waitText(t, ctx, "#store", "1 misses")
	waitText(t, ctx, "#live", "live")

	// Live: a log line that only the log subscription carries.
	waitFor(t, "the page subscribes to the logs", func() bool { return src.subscribers() > 0 })
	src.log(0, "make: Leaving directory")
	waitText(t, ctx, "#running pre.log", "make: Leaving directory")

	// Live: the sections follow the farm's state.
	src.mu.Lock()
	src.snap.Queued = []status.Build{{ID: "q", Drv: "/nix/store/zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz-queued.drv", State: "offered"}}
	src.mu.Unlock()
	waitText(t, ctx, "#queued", "zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz-queued.drv")
	src.mu.Lock()
	done := src.snap.Running[0]
	done.State, done.Duration = "built", 3*time.Second
	src.snap.Running, src.snap.Recent = nil, []status.Build{done}
	src.mu.Unlock()
	waitText(t, ctx, "#recent", "built")
	waitText(t, ctx, "#running", "no builds running")
}

// waitFor retries cond until it holds or browserTimeout passes.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(browserTimeout)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("%s: not within %v", what, browserTimeout)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// For the external tests (status_cluster_test.go).
var (
	StartBrowser = browser
	WaitText     = waitText
)
