package buildsession

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/nix-community/go-nix/pkg/nixbase32"
	"github.com/p2pnix/tvix/internal/tvixhome"
	"github.com/p2pnix/tvix/store"
	"github.com/p2pnix/tvix/store/nixpath"
)

// ReadLog returns the log kept in home of the build of arg, as
// nix-store -l finds it: arg is a .drv store path, or an output path (or
// a result link to one) whose deriver's log it is. Only for an output is
// the store opened (with open) to read the deriver from its PathInfo.
func ReadLog(ctx context.Context, home tvixhome.Dir, arg string, open func(context.Context) (*store.Store, error)) ([]byte, error) {
	dir := nixpath.DefaultStoreDir
	p := arg
	if !strings.HasPrefix(p, "/") {
		// A result link or a relative path to one.
		if t, err := filepath.EvalSymlinks(p); err == nil {
			p = "/nix/store/" + filepath.Base(t)
		}
	}
	sp, err := dir.Parse(p)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", arg, err)
	}
	drvPath := dir.Absolute(sp)
	if !strings.HasSuffix(drvPath, ".drv") {
		st, err := open(ctx)
		if err != nil {
			return nil, err
		}
		info, err := st.PathInfos.Get(ctx, sp.Hash)
		if st.Close != nil {
			st.Close()
		}
		if err != nil {
			return nil, fmt.Errorf("path '%s' is not valid: %w", drvPath, err)
		}
		d := info.GetNarinfo().GetDeriver()
		if d == nil {
			return nil, fmt.Errorf("path '%s' has no deriver, so no build log", drvPath)
		}
		drvPath = fmt.Sprintf("%s/%s-%s.drv", dir, nixbase32.EncodeToString(d.GetDigest()), d.GetName())
	}
	data, err := os.ReadFile(home.BuildLog(drvPath))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("build log of '%s' is not available", drvPath)
	}
	return data, err
}
