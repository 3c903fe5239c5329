package nixtest

import (
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// Nginx is Debian's nginx serving a directory on loopback, started by a
// test and stopped when it ends.
type Nginx struct {
	// URL is the server's base URL (http://127.0.0.1:PORT).
	URL string
	// AccessLog is the path of its access log.
	AccessLog string
	cmd       *exec.Cmd
	conf      string
	dir       string
}

// StartNginx serves root read-only on a free loopback port. Every file
// nginx writes is under a t.TempDir(). Without nginx (make deps installs
// it) the test is Unavailable.
func StartNginx(t testing.TB, root string) *Nginx {
	t.Helper()
	bin, err := exec.LookPath("nginx")
	if err != nil {
		if bin, err = exec.LookPath("/usr/sbin/nginx"); err != nil {
			Unavailable(t, "nginx is not installed (make deps installs it)")
		}
	}
	dir := t.TempDir()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	n := &Nginx{URL: "http://" + addr, AccessLog: filepath.Join(dir, "access.log"), dir: dir, conf: filepath.Join(dir, "nginx.conf")}
	user := ""
	if os.Geteuid() == 0 {
		user = "user root;\n"
	}
	conf := fmt.Sprintf(`%sdaemon off;
master_process off;
pid %[2]s/nginx.pid;
error_log %[2]s/error.log;
events { worker_connections 256; }
http {
  access_log %[2]s/access.log;
  client_body_temp_path %[2]s/body;
  proxy_temp_path %[2]s/proxy;
  fastcgi_temp_path %[2]s/fastcgi;
  uwsgi_temp_path %[2]s/uwsgi;
  scgi_temp_path %[2]s/scgi;
  types { text/plain narinfo; }
  default_type application/octet-stream;
  server {
    listen %[3]s;
    root %[4]s;
  }
}
`, user, dir, addr, root)
	if err := os.WriteFile(n.conf, []byte(conf), 0o644); err != nil {
		t.Fatal(err)
	}
	n.cmd = exec.Command(bin, "-e", filepath.Join(dir, "error.log"), "-p", dir, "-c", n.conf)
	if err := n.cmd.Start(); err != nil {
		t.Fatalf("starting nginx: %v", err)
	}
	t.Cleanup(n.Stop)
	deadline := time.Now().Add(10 * time.Second)
	for {
		c, err := net.Dial("tcp", addr)
		if err == nil {
			c.Close()
			return n
		}
		if time.Now().After(deadline) {
			log, _ := os.ReadFile(filepath.Join(dir, "error.log"))
			t.Fatalf("nginx did not start listening on %s: %s", addr, log)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// Stop ends the server; later requests are refused.
func (n *Nginx) Stop() {
	if n.cmd != nil && n.cmd.Process != nil {
		n.cmd.Process.Kill()
		n.cmd.Wait()
		n.cmd = nil
	}
}

// Requests returns the access log lines whose request line contains s.
func (n *Nginx) Requests(s string) []string {
	b, _ := os.ReadFile(n.AccessLog)
	var out []string
	for _, l := range strings.Split(string(b), "\n") {
		if l != "" && strings.Contains(l, s) {
			out = append(out, l)
		}
	}
	return out
}

// CountRequests returns how many access log lines contain s once at
// least min do (nginx logs a request after answering it, so a line can
// lag its response), or after ten seconds.
func (n *Nginx) CountRequests(s string, min int) int {
	deadline := time.Now().Add(10 * time.Second)
	for {
		got := len(n.Requests(s))
		if got >= min || time.Now().After(deadline) {
			return got
		}
		time.Sleep(10 * time.Millisecond)
	}
}
