package eval

import (
	"bytes"
	"encoding/base64"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/p2pnix/tvix/internal/unpack"
)

// fetchArgs are the arguments of fetchurl and fetchTarball.
type fetchArgs struct {
	url, name string
	sum       []byte // sha256, nil when not given
	// isAttrs: the argument was a set; namePassed: it had a name
	isAttrs, namePassed bool
}

// parseFetchArgs reads a URL string or an attribute set with url, name
// and sha256, as Nix 2.8's fetchurl and fetchTarball do.
func (ev *Evaluator) parseFetchArgs(arg Value, who string, pos Pos) fetchArgs {
	var fa fetchArgs
	if s, ok := ev.force(arg).(*Attrs); ok {
		fa.isAttrs = true
		for _, at := range s.All() {
			p := attrPos(at, pos)
			switch at.Name {
			case "url":
				fa.url = ev.forceStr(at.Val, p).S
			case "name":
				fa.name = ev.forceStr(at.Val, p).S
				fa.namePassed = true
			case "sha256":
				if h := ev.forceStr(at.Val, p).S; h != "" {
					_, fa.sum = parseAnyHash(h, "sha256", p)
				}
			default:
				errorf(KindEval, p, "unsupported argument '%s' to '%s'", at.Name, who)
			}
		}
		if fa.url == "" {
			errorf(KindEval, pos, "'url' argument required")
		}
	} else {
		fa.url = ev.forceStr(arg, pos).S
	}
	return fa
}

// fetchURL is builtins.fetchurl (a flat file) and, with unpack,
// fetchTarball (the single top-level directory of a tarball). Only
// file:// URLs are read; any other URL works only when a sha256 is given
// and its path is already in the store.
func (ev *Evaluator) fetchURL(arg Value, unpackIt bool, pos Pos) Value {
	who := "fetchurl"
	if unpackIt {
		who = "fetchTarball"
	}
	fa := ev.parseFetchArgs(arg, who, pos)
	if fa.name == "" {
		fa.name = baseNameOf(fa.url)
		if unpackIt && !fa.namePassed {
			fa.name = "source"
		}
	}
	if msg := badStoreName(fa.name); msg != "" {
		fix := fmt.Sprintf("Please pass an attribute set with 'url' and 'name' attributes to '%s',  so that it can create a valid store path.", who)
		switch {
		case fa.namePassed:
			fix = fmt.Sprintf("Please change the value for the 'name' attribute passed to '%s', so that it can create a valid store path.", who)
		case fa.isAttrs:
			fix = fmt.Sprintf("Please add a valid 'name' attribute to the argument for '%s', so that it can create a valid store path.", who)
		}
		errorf(KindEval, pos, "invalid store path name when fetching URL '%s': %s. %s", fa.url, msg, fix)
	}
	if ev.opts.PureEval && fa.sum == nil {
		errorf(KindEval, pos, "in pure evaluation mode, '%s' requires a 'sha256' argument", who)
	}
	ss := ev.sourceStore(who, pos)
	src := &Source{Name: fa.name, Recursive: unpackIt}
	if fa.sum != nil {
		exp, err := ss.FixedPath(fa.name, unpackIt, [32]byte(fa.sum))
		if err != nil {
			errorf(KindEval, pos, "%v", err)
		}
		if ev.isValid(ss, exp, pos) {
			return &Str{S: exp, Ctx: NewContext(exp)}
		}
		src.Expected = exp
	}
	local, ok := strings.CutPrefix(fa.url, "file://")
	if !ok {
		errorf(KindEval, pos, "unable to download '%s': tvix fetches only file:// URLs and, given their sha256, paths already in the store; this one would need the network", fa.url)
	}
	if st, err := os.Stat(local); err != nil || st.IsDir() {
		errorf(KindEval, pos, "unable to download '%s': Couldn't read a file:// file (37)", fa.url)
	}
	src.Path = local
	if unpackIt {
		tmp, top := ev.unpackTarball(fa.url, local, pos)
		defer os.RemoveAll(tmp)
		src.Path = top
	}
	p, _, err := ss.AddSource(ev.ctx, src)
	var mm *MismatchError
	if errors.As(err, &mm) {
		errorf(KindEval, pos, "hash mismatch in file downloaded from '%s':\n  specified: sha256:%s\n  got:       sha256:%s",
			fa.url, nixBase32(fa.sum), nixBase32(mm.SHA256[:]))
	}
	if err != nil {
		errorf(KindEval, pos, "%v", err)
	}
	return &Str{S: p, Ctx: NewContext(p)}
}

// badStoreName returns why name cannot name a store path, in Nix 2.26's
// words (checkName), or "".
func badStoreName(name string) string {
	const maxLen = 211
	switch {
	case name == "":
		return "name must not be empty"
	case len(name) > maxLen:
		return fmt.Sprintf("name '%s' must be no longer than %d characters", name, maxLen)
	case name == "." || name == "..":
		return fmt.Sprintf("name '%s' is not valid", name)
	case strings.HasPrefix(name, ".-"):
		return fmt.Sprintf("name '%s' is not valid: first dash-separated component must not be '.'", name)
	case strings.HasPrefix(name, "..-"):
		return fmt.Sprintf("name '%s' is not valid: first dash-separated component must not be '..'", name)
	}
	for i := 0; i < len(name); i++ {
		c := name[i]
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || strings.IndexByte("+-._?=", c) >= 0) {
			return fmt.Sprintf("name '%s' contains illegal character '%s'", name, []byte{c})
		}
	}
	return ""
}

// unpackTarball extracts the tarball at local into a new temporary
// directory and returns it and its single top-level entry.
func (ev *Evaluator) unpackTarball(url, local string, pos Pos) (tmp, top string) {
	f, err := os.Open(local)
	if err != nil {
		errorf(KindEval, pos, "unable to download '%s': %v", url, unwrapPathErr(err))
	}
	defer f.Close()
	tmp, err = os.MkdirTemp("", "tvix-unpack-*")
	if err != nil {
		errorf(KindEval, pos, "unpacking '%s': %v", url, err)
	}
	if err := unpack.Tarball(f, tmp); err != nil {
		os.RemoveAll(tmp)
		errorf(KindEval, pos, "unpacking '%s': %v", url, err)
	}
	ents, err := os.ReadDir(tmp)
	if err != nil || len(ents) != 1 {
		os.RemoveAll(tmp)
		errorf(KindEval, pos, "tarball '%s' contains an unexpected number of top-level files", url)
	}
	return tmp, filepath.Join(tmp, ents[0].Name())
}

// fetchGitBuiltin is builtins.fetchGit for repositories on this machine
// (a path or a file:// URL), read with the git command: the commit rev,
// or the one ref (default HEAD) names, is exported and stored as a source
// tree. Without rev and ref, a working tree with uncommitted changes to
// tracked files is fetched as it is (its tracked files, rev all zeros),
// as Nix does.
func (ev *Evaluator) fetchGitBuiltin(a []Value, pos Pos) Value {
	var url, name, ref, rev string
	name = "source"
	arg := ev.force(a[0])
	if s, ok := arg.(*Attrs); ok {
		for _, at := range s.All() {
			p := attrPos(at, pos)
			switch at.Name {
			case "url":
				var ctx ctxBuilder
				url = ev.coerceToString(at.Val, p, &ctx, false, false)
			case "name":
				name = ev.forceStr(at.Val, p).S
			case "ref":
				ref = ev.forceStr(at.Val, p).S
			case "rev":
				rev = ev.forceStr(at.Val, p).S
			case "submodules", "allRefs":
				if ev.forceBool(at.Val, p) && at.Name == "submodules" {
					errorf(KindEval, p, "fetchGit: submodules are not supported by tvix")
				}
			default:
				errorf(KindEval, p, "unsupported argument '%s' to 'fetchGit'", at.Name)
			}
		}
		if url == "" {
			errorf(KindEval, pos, "'url' argument required")
		}
	} else {
		var ctx ctxBuilder
		url = ev.coerceToString(arg, pos, &ctx, false, false)
	}
	if ev.opts.PureEval && rev == "" {
		errorf(KindEval, pos, "in pure evaluation mode, 'fetchGit' requires a locked input")
	}
	repo := strings.TrimPrefix(url, "file://")
	if !strings.HasPrefix(repo, "/") {
		errorf(KindEval, pos, "fetchGit: cannot fetch '%s': tvix fetches only repositories on this machine (a path or a file:// URL); this one would need the network", url)
	}
	git := func(args ...string) string {
		cmd := exec.CommandContext(ev.ctx, "git", append([]string{"-C", repo}, args...)...)
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		out, err := cmd.Output()
		if err != nil {
			msg := strings.TrimSpace(stderr.String())
			if i := strings.IndexByte(msg, '\n'); i >= 0 {
				msg = msg[:i]
			}
			errorf(KindEval, pos, "fetchGit '%s': git %s: %v: %s", url, args[0], err, msg)
		}
		return strings.TrimSpace(string(out))
	}
	if rev == "" {
		if ref == "" {
			if git("status", "--porcelain", "--untracked-files=no") != "" {
				return ev.fetchDirtyGit(repo, name, git("log", "-1", "--format=%ct", "HEAD"), git("ls-files", "-z"), pos)
			}
			ref = "HEAD"
		}
		rev = git("rev-parse", "--verify", ref+"^{commit}")
	} else {
		rev = git("rev-parse", "--verify", rev+"^{commit}")
	}
	revCount, _ := strconv.ParseInt(git("rev-list", "--count", rev), 10, 64)
	ct, _ := strconv.ParseInt(git("log", "-1", "--format=%ct", rev), 10, 64)

	tmp, err := os.MkdirTemp("", "tvix-git-*")
	if err != nil {
		errorf(KindEval, pos, "fetchGit: %v", err)
	}
	defer os.RemoveAll(tmp)
	cmd := exec.CommandContext(ev.ctx, "git", "-C", repo, "archive", "--format=tar", rev)
	tarball, err := cmd.Output()
	if err != nil {
		errorf(KindEval, pos, "fetchGit '%s': git archive: %v", url, err)
	}
	if err := unpack.Tarball(bytes.NewReader(tarball), tmp); err != nil {
		errorf(KindEval, pos, "fetchGit '%s': unpacking: %v", url, err)
	}
	p, sum, err := ev.sourceStore("fetchGit", pos).AddSource(ev.ctx, &Source{Path: tmp, Name: name, Recursive: true})
	if err != nil {
		errorf(KindEval, pos, "fetchGit '%s': %v", url, err)
	}
	return gitResult(p, sum, rev, revCount, ct)
}

// fetchDirtyGit stores the tracked files of the working tree at repo
// (files holds `git ls-files -z`), warning that it is dirty.
func (ev *Evaluator) fetchDirtyGit(repo, name, headTime, files string, pos Pos) Value {
	fmt.Fprintf(ev.stderr, "warning: Git tree '%s' is dirty\n", repo)
	keep := map[string]bool{}
	for _, f := range strings.Split(files, "\x00") {
		for f != "" && f != "." && !keep[f] {
			keep[f] = true
			f = path.Dir(f)
		}
	}
	p, sum, err := ev.sourceStore("fetchGit", pos).AddSource(ev.ctx, &Source{Path: repo, Name: name, Recursive: true, Keep: keep})
	if err != nil {
		errorf(KindEval, pos, "fetchGit '%s': %v", repo, err)
	}
	ct, _ := strconv.ParseInt(headTime, 10, 64)
	return gitResult(p, sum, strings.Repeat("0", 40), 0, ct)
}

// gitResult is fetchGit's attribute set.
func gitResult(p string, sum [32]byte, rev string, revCount, ct int64) Value {
	return NewAttrs([]Attr{
		{Name: "lastModified", Val: Int(ct)},
		{Name: "lastModifiedDate", Val: MkStr(time.Unix(ct, 0).UTC().Format("20060102150405"))},
		{Name: "narHash", Val: MkStr("sha256-" + base64.StdEncoding.EncodeToString(sum[:]))},
		{Name: "outPath", Val: &Str{S: p, Ctx: NewContext(p)}},
		{Name: "rev", Val: MkStr(rev)},
		{Name: "revCount", Val: Int(revCount)},
		{Name: "shortRev", Val: MkStr(rev[:7])},
		{Name: "submodules", Val: MkBool(false)},
	})
}
