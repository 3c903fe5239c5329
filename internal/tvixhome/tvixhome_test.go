package tvixhome

import (
	"os"
	"testing"
)

func TestDefault(t *testing.T) {
	t.Setenv("TVIX_HOME", "/h")
	if got := Default(); got != "/h" {
		t.Errorf("Default with TVIX_HOME=/h: %q", got)
	}
	if got := Default().Store(); got != "/h/store" {
		t.Errorf("Store: %q", got)
	}
	t.Setenv("TVIX_HOME", "")
	t.Setenv("XDG_DATA_HOME", "/xdg")
	want := Dir("/xdg/tvix")
	if os.Geteuid() == 0 {
		want = "/var/lib/tvix"
	}
	if got := Default(); got != want {
		t.Errorf("Default with XDG_DATA_HOME=/xdg: %q, want %q", got, want)
	}
}

func TestLayout(t *testing.T) {
	d := Dir("/d")
	for got, want := range map[string]string{
		d.SecretKey():                      "/d/secret-key",
		d.PublicKey():                      "/d/public-key",
		d.P2PIdentity():                    "/d/p2p-identity.key",
		d.Config():                         "/d/node.toml",
		d.NodeSocket():                     "/d/tvix.sock",
		d.NixDaemonSocket():                "/d/nix-daemon.sock",
		d.BuildLog("/nix/store/abc-x.drv"): "/d/log/abc-x.drv",
		d.Uploads():                        "/d/uploads",
		d.Builder():                        "/d/builder",
		d.Checkouts():                      "/d/checkout",
		d.AutoRoots():                      "/d/gcroots/auto",
	} {
		if got != want {
			t.Errorf("%q, want %q", got, want)
		}
	}
}
