package nixlocal

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os/exec"
	"strings"

	"github.com/p2pnix/tvix/proto/storev1"
	"github.com/p2pnix/tvix/store"
	"github.com/p2pnix/tvix/store/nixexport"
	"github.com/p2pnix/tvix/store/nixpath"
)

// Export adds infos, with their content from st, to the local Nix store:
// it pipes them as a `nix-store --import` stream (in the order given,
// which must put references first: see nixexport.SortReferencesFirst)
// into nix-store --import, whose output (the imported paths) goes to
// stdout. A failing nix-store's error carries its stderr.
func Export(ctx context.Context, st *store.Store, dir nixpath.StoreDir, infos []*storev1.PathInfo, stdout io.Writer) error {
	imp := exec.CommandContext(ctx, "nix-store", "--import")
	var stderr bytes.Buffer
	imp.Stderr = &stderr
	imp.Stdout = stdout
	in, err := imp.StdinPipe()
	if err != nil {
		return err
	}
	if err := imp.Start(); err != nil {
		return fmt.Errorf("nix-store --import: %w", err)
	}
	eerr := nixexport.Export(ctx, in, st, dir, infos)
	in.Close()
	if werr := imp.Wait(); werr != nil {
		return fmt.Errorf("nix-store --import: %w: %s", werr, strings.TrimSpace(stderr.String()))
	}
	return eerr
}
