package builder_test

import (
	"strings"
	"testing"

	"github.com/p2pnix/tvix/builder"
	"github.com/p2pnix/tvix/proto/buildv1"
	"github.com/p2pnix/tvix/store/derivation"
)

func envOf(req *buildv1.BuildRequest) map[string]string {
	m := map[string]string{}
	for _, e := range req.EnvironmentVars {
		m[e.Key] = string(e.Value)
	}
	return m
}

func testDrv() *derivation.Derivation {
	return &derivation.Derivation{
		Name:     "t",
		Outputs:  map[string]derivation.Output{"out": {Path: "/nix/store/00000000000000000000000000000000-t"}},
		Platform: "x86_64-linux",
		Builder:  "/nix/store/11111111111111111111111111111111-sh/bin/sh",
		Args:     []string{"-c", "true"},
		Env: map[string]string{
			"out": "/nix/store/00000000000000000000000000000000-t", "name": "t",
			"passAsFile": "big  other\n", "big": "file content", "other": "x",
			"HOME": "/overridden",
		},
	}
}

func TestNewRequestEnvironment(t *testing.T) {
	req, err := builder.NewRequest(testDrv(), nil, builder.RequestOptions{Cores: 3})
	if err != nil {
		t.Fatal(err)
	}
	env := envOf(req)
	for k, want := range map[string]string{
		"PATH": "/path-not-set", "HOME": "/overridden", "NIX_STORE": "/nix/store", "NIX_BUILD_CORES": "3",
		"NIX_BUILD_TOP": "/build", "TMPDIR": "/build", "TMP": "/build", "TEMP": "/build", "TEMPDIR": "/build",
		"PWD": "/build", "NIX_LOG_FD": "2", "TERM": "xterm-256color", "name": "t",
	} {
		if env[k] != want {
			t.Errorf("%s = %q, want %q", k, env[k], want)
		}
	}
	if _, ok := env["big"]; ok {
		t.Error("passAsFile attribute is in the environment")
	}
	if _, ok := env["NIX_OUTPUT_CHECKED"]; ok {
		t.Error("NIX_OUTPUT_CHECKED set for an input-addressed derivation")
	}
	p := env["bigPath"]
	if !strings.HasPrefix(p, "/build/.attr-") {
		t.Fatalf("bigPath = %q", p)
	}
	var found bool
	for _, f := range req.AdditionalFiles {
		if "/"+f.Path == p {
			found = string(f.Contents) == "file content"
		}
	}
	if !found {
		t.Errorf("no file %s with the attribute's value in %v", p, req.AdditionalFiles)
	}
	if got := strings.Join(req.CommandArgs, " "); got != "/nix/store/11111111111111111111111111111111-sh/bin/sh -c true" {
		t.Errorf("command %q", got)
	}
	if req.WorkingDir != "build" || req.Constraints.NetworkAccess {
		t.Errorf("working dir %q, network %v", req.WorkingDir, req.Constraints.NetworkAccess)
	}
	if err := builder.ValidateRequest(req); err != nil {
		t.Errorf("NewRequest made an invalid request: %v", err)
	}
}

func TestNewRequestFixedOutputHasNetwork(t *testing.T) {
	d := testDrv()
	d.Outputs["out"] = derivation.Output{Path: d.Outputs["out"].Path, HashAlgo: "sha256", Hash: strings.Repeat("00", 32)}
	req, err := builder.NewRequest(d, nil, builder.RequestOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if !req.Constraints.NetworkAccess || envOf(req)["NIX_OUTPUT_CHECKED"] != "1" {
		t.Errorf("fixed-output request: network %v, env %v", req.Constraints.NetworkAccess, envOf(req))
	}
}

func TestNewRequestStructuredAttrs(t *testing.T) {
	d := testDrv()
	d.Env = map[string]string{"__json": `{"a":"it's","n":1,"l":[1,"x"],"bad-name":1,"o":{"k":null}}`}
	req, err := builder.NewRequest(d, nil, builder.RequestOptions{})
	if err != nil {
		t.Fatal(err)
	}
	files := map[string]string{}
	for _, f := range req.AdditionalFiles {
		files[f.Path] = string(f.Contents)
	}
	if got, want := files["build/.attrs.json"], `{"a":"it's","bad-name":1,"l":[1,"x"],"n":1,"o":{"k":null},"outputs":{"out":"/nix/store/00000000000000000000000000000000-t"}}`; got != want {
		t.Errorf(".attrs.json = %s\nwant %s", got, want)
	}
	wantSh := "declare a='it'\\''s'\ndeclare -a l=(1 'x' )\ndeclare n=1\ndeclare -A o=(['k']='' )\ndeclare -A outputs=(['out']='/nix/store/00000000000000000000000000000000-t' )\n"
	if got := files["build/.attrs.sh"]; got != wantSh {
		t.Errorf(".attrs.sh = %q\nwant %q", got, wantSh)
	}
	env := envOf(req)
	if env["NIX_ATTRS_JSON_FILE"] != "/build/.attrs.json" || env["__json"] != "" {
		t.Errorf("env %v", env)
	}
}
