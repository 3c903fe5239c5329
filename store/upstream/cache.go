package upstream

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// errUnreachable is wrapped by the errors of a cache that did not answer
// (connection refused, timeout, a server error): unlike a 404 it says
// nothing about the path.
var errUnreachable = errors.New("unreachable")

// errMissing is a file the cache does not have.
var errMissing = errors.New("not in the cache")

// cache reads the files of one binary cache.
type cache interface {
	// open returns the file at rel (a narinfo, a NAR); errMissing when
	// the cache has none, errUnreachable when it could not be asked.
	open(ctx context.Context, rel string) (io.ReadCloser, error)
	String() string
}

// HTTPOptions configure the http(s) caches.
type HTTPOptions struct {
	// Proxy picks a request's proxy; nil uses the environment's.
	Proxy func(*http.Request) (*url.URL, error)
	// Timeout bounds connecting and, unless ResponseTimeout is set,
	// waiting for a response's headers.
	Timeout         time.Duration
	ResponseTimeout time.Duration
	// IdleTimeout bounds a download that stops sending.
	IdleTimeout time.Duration
	// Header, when set, is sent (with value 1) on every request.
	Header string
}

// openCache returns the cache at u: http://, https:// or file://.
func openCache(u string, o HTTPOptions) (cache, error) {
	pu, err := url.Parse(u)
	if err != nil {
		return nil, fmt.Errorf("substituter %q: %w", u, err)
	}
	switch pu.Scheme {
	case "file":
		return dirCache{dir: pu.Path, name: u}, nil
	case "http", "https":
		if o.Timeout == 0 {
			o.Timeout = 5 * time.Second
		}
		if o.ResponseTimeout == 0 {
			o.ResponseTimeout = o.Timeout
		}
		if o.IdleTimeout == 0 {
			o.IdleTimeout = 30 * time.Second
		}
		proxy := o.Proxy
		if proxy == nil {
			proxy = http.ProxyFromEnvironment
		}
		tr := &http.Transport{
			Proxy:                 proxy,
			DialContext:           (&net.Dialer{Timeout: o.Timeout}).DialContext,
			TLSHandshakeTimeout:   o.Timeout,
			ResponseHeaderTimeout: o.ResponseTimeout,
			MaxIdleConnsPerHost:   16,
			DisableCompression:    true,
		}
		return &httpCache{base: strings.TrimSuffix(u, "/"), client: &http.Client{Transport: tr}, idle: o.IdleTimeout, header: o.Header}, nil
	}
	return nil, fmt.Errorf("substituter %q: only http, https and file URLs are supported", u)
}

// dirCache is a directory as `nix copy --to file://DIR` writes it.
type dirCache struct{ dir, name string }

func (d dirCache) String() string { return d.name }

func (d dirCache) open(_ context.Context, rel string) (io.ReadCloser, error) {
	if !fs.ValidPath(rel) {
		return nil, fmt.Errorf("%s: bad file name %q", d.name, rel)
	}
	f, err := os.Open(filepath.Join(d.dir, filepath.FromSlash(rel)))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, errMissing
	}
	return f, err
}

// httpCache is a binary cache served over http(s).
type httpCache struct {
	base   string
	client *http.Client
	idle   time.Duration
	header string
}

func (h *httpCache) String() string { return h.base }

func (h *httpCache) open(ctx context.Context, rel string) (io.ReadCloser, error) {
	ctx, cancel := context.WithCancel(ctx)
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, h.base+"/"+rel, nil)
	if err != nil {
		cancel()
		return nil, err
	}
	if h.header != "" {
		req.Header.Set(h.header, "1")
	}
	resp, err := h.client.Do(req)
	if err != nil {
		cancel()
		return nil, fmt.Errorf("%w: %v", errUnreachable, err)
	}
	switch {
	case resp.StatusCode == http.StatusOK:
	case resp.StatusCode == http.StatusNotFound || resp.StatusCode == http.StatusForbidden || resp.StatusCode == http.StatusGone:
		resp.Body.Close()
		cancel()
		return nil, errMissing
	default:
		resp.Body.Close()
		cancel()
		return nil, fmt.Errorf("%w: HTTP status %d for %s", errUnreachable, resp.StatusCode, rel)
	}
	return newIdleBody(resp.Body, cancel, h.idle), nil
}

// idleBody cancels a download that sent nothing for idle, and turns an
// early end (io.ErrUnexpectedEOF, which a reader of whole files takes for
// a short file) into an error of its own.
type idleBody struct {
	body   io.ReadCloser
	cancel context.CancelFunc
	timer  *time.Timer
	idle   time.Duration
}

// ErrTruncated is wrapped by the error of a download that ended before
// its length.
var ErrTruncated = errors.New("download truncated")

func newIdleBody(body io.ReadCloser, cancel context.CancelFunc, idle time.Duration) *idleBody {
	return &idleBody{body: body, cancel: cancel, idle: idle, timer: time.AfterFunc(idle, cancel)}
}

func (b *idleBody) Read(p []byte) (int, error) {
	b.timer.Reset(b.idle)
	n, err := b.body.Read(p)
	if errors.Is(err, io.ErrUnexpectedEOF) {
		err = ErrTruncated
	} else if errors.Is(err, context.Canceled) {
		err = fmt.Errorf("%w: nothing received for %v", ErrTruncated, b.idle)
	}
	return n, err
}

func (b *idleBody) Close() error {
	b.timer.Stop()
	b.cancel()
	return b.body.Close()
}
