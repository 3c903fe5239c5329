// Command tvix-node is the per-machine daemon. For now it opens the store
// and serves it over gRPC on --api-listen and on <data-dir>/tvix.sock.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"syscall"

	"github.com/p2pnix/tvix/node"
	"github.com/p2pnix/tvix/store/storeurl"
)

func main() {
	var cfg node.Config
	flag.StringVar(&cfg.DataDir, "data-dir", storeurl.Home(), "node state directory ($TVIX_HOME)")
	flag.StringVar(&cfg.APIListen, "api-listen", node.DefaultAPIListen, "gRPC API address")
	flag.StringVar(&cfg.StoreURL, "store", "", "store URL to serve (default local:<data-dir>/store; $TVIX_STORE is not used, it may name this node)")
	flag.Parse()
	if flag.NArg() > 0 {
		fmt.Fprintf(os.Stderr, "tvix-node: unexpected argument %q\n", flag.Arg(0))
		os.Exit(2)
	}
	cfg.Log = os.Stderr

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	n, err := node.New(ctx, cfg)
	if err == nil {
		err = n.Run(ctx)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "tvix-node:", err)
		os.Exit(1)
	}
}
