package farm

import (
	"context"
	"errors"
	"time"

	"github.com/p2pnix/tvix/node/nodeclient"
)

// joinAPITimeout bounds learning and joining the gossip addresses of the
// nodes given to JoinAPIs.
const joinAPITimeout = 30 * time.Second

// JoinAPIs asks each node whose API is at one of apis (host:port, as
// --join names them) for its gossip address (NodeService Status) and joins
// it, retrying for at most joinAPITimeout in all. It blocks until done, and
// calls failed for every node it could not join. It gives up when f closes.
func (f *Farm) JoinAPIs(apis []string, failed func(api string, err error)) {
	ctx, cancel := context.WithTimeout(f.ctx, joinAPITimeout)
	defer cancel()
	for _, api := range apis {
		for {
			err := f.joinAPI(ctx, api)
			if err == nil {
				break
			}
			if ctx.Err() != nil {
				failed(api, err)
				break
			}
			time.Sleep(200 * time.Millisecond)
		}
	}
}

// joinAPI asks the node at api for its gossip address and joins it.
func (f *Farm) joinAPI(ctx context.Context, api string) error {
	c, err := nodeclient.DialBuildClient(api)
	if err != nil {
		return err
	}
	defer c.Close()
	sctx, cancel := context.WithTimeout(ctx, 3*time.Second)
	defer cancel()
	st, err := c.Status(sctx)
	if err != nil {
		return err
	}
	if st.GossipAddr == "" {
		return errors.New("no gossip address")
	}
	return f.Join([]string{st.GossipAddr})
}
