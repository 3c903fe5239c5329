package builder

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/p2pnix/tvix/proto/storev1"
	"github.com/p2pnix/tvix/store"
	"github.com/p2pnix/tvix/store/nixpath"
)

// checkReferenceConstraints enforces the derivation attributes
// allowedReferences, disallowedReferences (on each output's direct
// references) and allowedRequisites, disallowedRequisites (on its
// closure), whose values are whitespace-separated store paths or output
// names. infos holds the new outputs, not yet in the store. As in Nix
// 2.8, a self reference counts for the *References checks but an output
// is not its own requisite.
func checkReferenceConstraints(ctx context.Context, r OutputRegistration, infos map[string]*storev1.PathInfo) error {
	dir := r.StoreDir
	if _, structured := r.Drv.Env["__json"]; structured {
		return nil // outputChecks of structured attributes are not enforced yet
	}
	outBases := map[string]string{}
	for name, info := range infos {
		outBases[name] = string(store.NodeName(info.GetNode()))
	}
	for _, check := range []struct {
		attr      string
		allowed   bool
		recursive bool
	}{
		{"allowedReferences", true, false},
		{"allowedRequisites", true, true},
		{"disallowedReferences", false, false},
		{"disallowedRequisites", false, true},
	} {
		value, ok := r.Drv.Env[check.attr]
		if !ok {
			continue
		}
		spec := map[string]bool{}
		for _, item := range strings.FieldsFunc(value, isNixSpace) {
			if base, ok := outBases[item]; ok {
				spec[base] = true
				continue
			}
			sp, err := dir.Parse(item)
			if err != nil {
				return Failed(OutputRejected, "derivation contains an illegal reference specifier '%s'", item)
			}
			spec[sp.Base()] = true
		}
		for _, name := range sortedKeys(infos) {
			self := outBases[name]
			used := infos[name].GetNarinfo().GetReferenceNames()
			if check.recursive {
				var err error
				if used, err = requisites(ctx, r, infos, outBases, self); err != nil {
					return err
				}
			}
			var bad []string
			for _, u := range used {
				if check.recursive && u == self {
					continue // Nix ignores an output in its own closure
				}
				if spec[u] != check.allowed {
					bad = append(bad, u)
				}
			}
			if len(bad) > 0 {
				slices.Sort(bad)
				return Failed(OutputRejected, "output '%s' is not allowed to refer to the following paths:%s", string(dir)+"/"+self, listPaths(dir, bad))
			}
		}
	}
	return nil
}

// requisites returns the closure of output base (its references,
// transitively), looking up the other new outputs in infos and everything
// else in the store.
func requisites(ctx context.Context, r OutputRegistration, infos map[string]*storev1.PathInfo, outBases map[string]string, base string) ([]string, error) {
	byBase := map[string]*storev1.PathInfo{}
	for name, info := range infos {
		byBase[outBases[name]] = info
	}
	seen := map[string]bool{}
	queue := []string{base}
	for len(queue) > 0 {
		b := queue[0]
		queue = queue[1:]
		if seen[b] {
			continue
		}
		seen[b] = true
		info, ok := byBase[b]
		if !ok {
			h, err := nixpath.ParseHashPart(b[:hashPartLen])
			if err != nil {
				return nil, err
			}
			if info, err = r.Store.PathInfos.Get(ctx, h); err != nil {
				return nil, fmt.Errorf("requisite %s: %w", b, err)
			}
		}
		queue = append(queue, info.GetNarinfo().GetReferenceNames()...)
	}
	return sortedKeys(seen), nil
}
