package status

import (
	"context"
	"time"

	"github.com/p2pnix/tvix/p2p"
	"github.com/prometheus/client_golang/prometheus"
)

// scrapeStatsTimeout bounds computing store statistics for one scrape.
const scrapeStatsTimeout = 5 * time.Second

// Metrics read at scrape time from the parts that count them: the p2p
// layer (Network), the local shard (storeStats) and the farm (Source).
var (
	descPeers        = prometheus.NewDesc("tvix_p2p_peers", "Connected libp2p peers.", nil, nil)
	descReceived     = prometheus.NewDesc("tvix_p2p_received_bytes_total", "Bytes received on store streams this node opened to peers.", nil, nil)
	descPeerBytes    = prometheus.NewDesc("tvix_p2p_peer_bytes_total", "libp2p stream bytes exchanged with a peer, by direction (sent, received).", []string{"peer", "direction"}, nil)
	descRejected     = prometheus.NewDesc("tvix_p2p_rejected_total", "Replies of a connected peer refused for failing verification.", []string{"peer"}, nil)
	descRejectedB    = prometheus.NewDesc("tvix_p2p_rejected_bytes_total", "Bytes of a connected peer's replies refused for failing verification.", []string{"peer"}, nil)
	descFalseRecords = prometheus.NewDesc("tvix_p2p_false_provider_records_total", "Paths a connected peer was listed in the DHT as providing and then lacked.", []string{"peer"}, nil)
	descBlocked      = prometheus.NewDesc("tvix_p2p_peer_blocked", "1 while fetches ask a connected peer last for misbehaving.", []string{"peer"}, nil)
	descLookups      = prometheus.NewDesc("tvix_dht_lookups_total", "DHT provider lookups the p2p layer made, by result (found: a provider other than this node, none).", []string{"result"}, nil)
	descLookupSecs   = prometheus.NewDesc("tvix_dht_lookup_seconds", "Latency of the p2p layer's DHT provider lookups: to the first provider found, or to the end of a lookup finding none.", nil, nil)
	descPaths        = prometheus.NewDesc("tvix_store_paths", "Store paths in the local shard.", nil, nil)
	descNARBytes     = prometheus.NewDesc("tvix_store_nar_bytes", "Sum of the NAR sizes of the local shard's paths.", nil, nil)
	descDiskBytes    = prometheus.NewDesc("tvix_store_disk_bytes", "Bytes of the local store's files (chunk packs and metadata).", nil, nil)
	descDedup        = prometheus.NewDesc("tvix_store_dedup_ratio", "tvix_store_nar_bytes over tvix_store_disk_bytes: how much chunk deduplication saves.", nil, nil)
	descBuilds       = prometheus.NewDesc("tvix_builds", "Builds by state (running, queued) now.", []string{"state"}, nil)
	descQueue        = prometheus.NewDesc("tvix_build_queue_length", "Builds waiting for a builder.", nil, nil)
	descFinished     = prometheus.NewDesc("tvix_builds_finished_total", "Builds finished since start, by result.", []string{"result"}, nil)
	descGossipMember = prometheus.NewDesc("tvix_gossip_members", "Members of the farm's gossip cluster, this node included.", nil, nil)
	descChecks       = prometheus.NewDesc("tvix_reproducibility_checks_total", "Builds this node's coordinator had rebuilt on a second peer, by result (reproducible, not_reproducible).", []string{"result"}, nil)
)

// collector exports what the descs above describe for one node.
type collector struct{ s *Server }

var _ prometheus.Collector = collector{}

// Describe implements prometheus.Collector.
func (c collector) Describe(ch chan<- *prometheus.Desc) {
	for _, d := range []*prometheus.Desc{descPeers, descReceived, descPeerBytes, descRejected, descRejectedB, descFalseRecords, descBlocked, descLookups, descLookupSecs, descPaths, descNARBytes,
		descDiskBytes, descDedup, descBuilds, descQueue, descFinished, descGossipMember, descChecks} {
		ch <- d
	}
}

// Collect implements prometheus.Collector.
func (c collector) Collect(ch chan<- prometheus.Metric) {
	s := c.s
	gauge := func(d *prometheus.Desc, v float64, labels ...string) {
		ch <- prometheus.MustNewConstMetric(d, prometheus.GaugeValue, v, labels...)
	}
	counter := func(d *prometheus.Desc, v float64, labels ...string) {
		ch <- prometheus.MustNewConstMetric(d, prometheus.CounterValue, v, labels...)
	}
	if net := s.cfg.Network; net != nil {
		peers := net.Peers()
		gauge(descPeers, float64(len(peers)))
		for _, p := range peers {
			counter(descRejected, float64(p.Rejected), p.ID)
			counter(descRejectedB, float64(p.RejectedBytes), p.ID)
			counter(descFalseRecords, float64(p.FalseRecords), p.ID)
			blocked := 0.0
			if p.Blocked {
				blocked = 1
			}
			gauge(descBlocked, blocked, p.ID)
		}
		counter(descReceived, float64(net.Received()))
		for id, t := range net.TrafficByPeer() {
			counter(descPeerBytes, float64(t.Sent), id, "sent")
			counter(descPeerBytes, float64(t.Received), id, "received")
		}
		l := net.LookupStats()
		counter(descLookups, float64(l.Found), "found")
		counter(descLookups, float64(l.None), "none")
		buckets := make(map[float64]uint64, len(l.Buckets))
		for i, b := range p2p.LookupBounds {
			buckets[b] = l.Buckets[i]
		}
		ch <- prometheus.MustNewConstHistogram(descLookupSecs, l.Found+l.None, l.Seconds, buckets)
	}
	ctx, cancel := context.WithTimeout(context.Background(), scrapeStatsTimeout)
	st := s.storeStats(ctx)
	cancel()
	gauge(descPaths, float64(st.Paths))
	gauge(descNARBytes, float64(st.NARBytes))
	gauge(descDiskBytes, float64(st.DiskBytes))
	gauge(descDedup, st.DedupRatio())

	f := s.farmSnapshot()
	gauge(descBuilds, float64(len(f.Running)), "running")
	gauge(descBuilds, float64(len(f.Queued)), "queued")
	gauge(descQueue, float64(len(f.Queued)))
	gauge(descGossipMember, float64(f.GossipMembers))
	for result, v := range f.Finished {
		counter(descFinished, float64(v), result)
	}
	counter(descChecks, float64(f.Reproducible), "reproducible")
	counter(descChecks, float64(f.NotReproducible), "not_reproducible")
}
