package builder_test

import (
	"testing"

	"google.golang.org/protobuf/proto"

	"github.com/p2pnix/tvix/builder"
	"github.com/p2pnix/tvix/proto/buildv1"
)

// FuzzValidateRequest feeds arbitrary BuildRequest encodings to
// ValidateRequest: it must never panic, and what it accepts must keep
// every path inside the sandbox.
func FuzzValidateRequest(f *testing.F) {
	good := &buildv1.BuildRequest{
		CommandArgs:  []string{"/nix/store/x/bin/sh"},
		WorkingDir:   "build",
		ScratchPaths: []string{"build", "nix/store"},
		InputsDir:    "nix/store",
		Outputs:      []string{"nix/store/00000000000000000000000000000000-out"},
	}
	seed, _ := proto.Marshal(good)
	f.Add(seed)
	bad := proto.Clone(good).(*buildv1.BuildRequest)
	bad.Outputs = []string{"../etc/passwd"}
	seed, _ = proto.Marshal(bad)
	f.Add(seed)
	f.Fuzz(func(t *testing.T, data []byte) {
		var req buildv1.BuildRequest
		if proto.Unmarshal(data, &req) != nil {
			return
		}
		if builder.ValidateRequest(&req) != nil {
			return
		}
		paths := append([]string{req.WorkingDir, req.InputsDir}, req.ScratchPaths...)
		paths = append(paths, req.Outputs...)
		for _, f := range req.AdditionalFiles {
			paths = append(paths, f.Path)
		}
		for _, p := range paths {
			if p == "" || p[0] == '/' || p == ".." || len(p) >= 3 && (p[:3] == "../" || p[len(p)-3:] == "/..") {
				t.Fatalf("accepted path %q", p)
			}
		}
	})
}

func TestValidateRequestRejects(t *testing.T) {
	base := func() *buildv1.BuildRequest {
		return &buildv1.BuildRequest{
			CommandArgs:  []string{"/bin/sh"},
			WorkingDir:   "build",
			ScratchPaths: []string{"build", "nix/store"},
			InputsDir:    "nix/store",
			Outputs:      []string{"nix/store/a", "nix/store/b"},
			EnvironmentVars: []*buildv1.BuildRequest_EnvVar{
				{Key: "A"}, {Key: "B"},
			},
		}
	}
	if err := builder.ValidateRequest(base()); err != nil {
		t.Fatalf("valid request rejected: %v", err)
	}
	for name, mutate := range map[string]func(*buildv1.BuildRequest){
		"no command":       func(r *buildv1.BuildRequest) { r.CommandArgs = nil },
		"absolute workdir": func(r *buildv1.BuildRequest) { r.WorkingDir = "/build" },
		"dotdot output":    func(r *buildv1.BuildRequest) { r.Outputs = []string{"nix/store/../../etc"} },
		"unsorted outputs": func(r *buildv1.BuildRequest) { r.Outputs = []string{"nix/store/b", "nix/store/a"} },
		"output outside":   func(r *buildv1.BuildRequest) { r.Outputs = []string{"etc/x"} },
		"env key with =":   func(r *buildv1.BuildRequest) { r.EnvironmentVars[0].Key = "A=B" },
		"duplicate env":    func(r *buildv1.BuildRequest) { r.EnvironmentVars[1].Key = "A" },
		"file escapes": func(r *buildv1.BuildRequest) {
			r.AdditionalFiles = []*buildv1.BuildRequest_AdditionalFile{{Path: "build/../../x"}}
		},
		"trailing slash path": func(r *buildv1.BuildRequest) { r.InputsDir = "nix/store/" },
	} {
		r := base()
		mutate(r)
		if err := builder.ValidateRequest(r); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}
