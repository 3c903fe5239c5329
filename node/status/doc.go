// Package status shows a tvix node to people and to monitoring: the
// status page (GET /), its live updates (EventsPath) and the Prometheus
// metrics (GET /metrics).
//
// It does not know the node. It reads what it shows through what the
// root package gives New: the farm through a Source (set later with
// SetSource), the p2p layer through a Network, the local shard (a store
// and, for a local store, its directory) and the binary cache's hit
// counts through a function. Everything is read when a page is rendered
// or a scrape comes, never pushed; store statistics, which list every
// PathInfo, are reused for storeStatsMaxAge.
//
// The page is rendered on the server from web/status.html; its script
// (web/status.js, no build step) opens the event stream, which carries
// the page's sections re-rendered by the same template whenever they
// change and the log lines of running builds as they are written.
//
// /metrics comes from a registry of the Server's own, so several nodes
// can live in one process: the HTTP request counters (Instrument), the
// metrics other parts of the node register there (Registerer), and the
// gauges and counters read at scrape time (collector.go).
package status
