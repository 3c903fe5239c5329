package pathinfo

import (
	"context"
	"fmt"

	"github.com/p2pnix/tvix/proto/storev1"
	"github.com/p2pnix/tvix/store"
	"github.com/p2pnix/tvix/store/nar"
	"github.com/p2pnix/tvix/store/nixpath"
)

// Verify checks that the content of each of infos is in st and renders to
// the NAR hash and size recorded, calling report once per problem.
func Verify(ctx context.Context, st *store.Store, dir nixpath.StoreDir, infos []*storev1.PathInfo, report func(error)) {
	for _, info := range infos {
		p := StorePath(dir, info)
		if err := store.RootPresent(ctx, st.Blobs, st.Directories, info.Node); err != nil {
			report(fmt.Errorf("%s: %w", p, err))
			continue
		}
		size, sum, err := nar.Calculate(ctx, st.Blobs, st.Directories, info.Node)
		switch {
		case err != nil:
			report(fmt.Errorf("%s: rendering NAR: %w", p, err))
		case size != info.Narinfo.GetNarSize() || string(sum[:]) != string(info.Narinfo.GetNarSha256()):
			report(fmt.Errorf("%s: NAR hash or size differs from the recorded one (%d bytes now, %d recorded)", p, size, info.Narinfo.GetNarSize()))
		}
	}
}
