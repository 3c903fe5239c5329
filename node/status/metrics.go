package status

import (
	"log/slog"
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// metrics are the node's Prometheus metrics, served at /metrics from a
// registry of the node's own (so several nodes can live in one process).
// The HTTP counters live here; other parts of the node register their own
// (Server.Registerer); what the p2p layer, the store and the farm (through
// Source) already count is read at scrape time by collector.
type metrics struct {
	reg       *prometheus.Registry
	requests  *prometheus.CounterVec
	respBytes *prometheus.CounterVec
	routes    sync.Map // routeKey -> routeCounters, saving label lookups per request
}

func newMetrics() *metrics {
	m := &metrics{
		reg: prometheus.NewRegistry(),
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "tvix_http_requests_total", Help: "HTTP requests by route and status code.",
		}, []string{"route", "code"}),
		respBytes: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "tvix_http_response_bytes_total", Help: "Bytes of HTTP response bodies by route.",
		}, []string{"route"}),
	}
	m.reg.MustRegister(m.requests, m.respBytes,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return m
}

func (m *metrics) handler() http.Handler {
	return promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{})
}

// routeCounters are the request and byte counters of one route and
// status code.
type routeCounters struct{ requests, bytes prometheus.Counter }

// observe counts one finished request.
func (m *metrics) observe(route string, code int, n int64) {
	key := routeKey{route, code}
	c, ok := m.routes.Load(key)
	if !ok {
		if route == "" {
			route = "unmatched"
		}
		c, _ = m.routes.LoadOrStore(key, routeCounters{
			m.requests.WithLabelValues(route, strconv.Itoa(code)), m.respBytes.WithLabelValues(route)})
	}
	rc := c.(routeCounters)
	rc.requests.Inc()
	rc.bytes.Add(float64(n))
}

type routeKey struct {
	route string
	code  int
}

// statusWriter remembers the status code and body size for the request
// log and the metrics.
type statusWriter struct {
	http.ResponseWriter
	code  int
	bytes int64
}

func (s *statusWriter) Write(b []byte) (int, error) {
	k, err := s.ResponseWriter.Write(b)
	s.bytes += int64(k)
	return k, err
}

// Unwrap lets http.ResponseController reach the connection.
func (s *statusWriter) Unwrap() http.ResponseWriter { return s.ResponseWriter }

func (s *statusWriter) WriteHeader(code int) {
	s.code = code
	s.ResponseWriter.WriteHeader(code)
}

// instrument counts and logs the requests h serves.
func (m *metrics) instrument(h http.Handler, log *slog.Logger) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		sw := &statusWriter{ResponseWriter: w, code: http.StatusOK}
		h.ServeHTTP(sw, r)
		m.observe(r.Pattern, sw.code, sw.bytes)
		if log.Enabled(r.Context(), slog.LevelDebug) {
			log.Debug("http", "method", r.Method, "path", r.URL.Path, "status", sw.code, "duration", time.Since(start))
		}
	})
}
