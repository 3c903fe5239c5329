package s3store

import (
	"fmt"
	"net/url"
	"strings"
)

// Config names a bucket, the key prefix the store keeps under, and how
// to reach the server. It is what an s3:// URL says.
type Config struct {
	Bucket string
	// Prefix is "" or a key prefix without leading or trailing slash.
	Prefix string
	// Region is the signing region ("" asks the AWS configuration, then
	// falls back to us-east-1).
	Region string
	// Endpoint is the server's base URL ("" is AWS S3). Custom endpoints
	// are addressed path-style (http://host/bucket/key).
	Endpoint string
	// Profile selects a profile of the shared AWS configuration files.
	Profile string
}

// ParseURL reads s3://BUCKET[/PREFIX][?region=R&endpoint=E&profile=P&scheme=S],
// Nix's S3 store URL parameters that apply: endpoint is a host[:port] or
// a URL; scheme (http or https, default https) applies to an endpoint
// given without one.
func ParseURL(raw string) (Config, error) {
	u, err := url.Parse(raw)
	if err != nil {
		return Config{}, fmt.Errorf("store URL %q: %v", raw, err)
	}
	if u.Scheme != "s3" {
		return Config{}, fmt.Errorf("store URL %q: want s3://BUCKET[/PREFIX]", raw)
	}
	if u.User != nil || u.Fragment != "" || u.Opaque != "" {
		return Config{}, fmt.Errorf("store URL %q: want s3://BUCKET[/PREFIX]?endpoint=...&region=...", raw)
	}
	c := Config{Bucket: u.Host, Prefix: strings.Trim(u.Path, "/")}
	if err := checkBucketName(c.Bucket); err != nil {
		return Config{}, fmt.Errorf("store URL %q: %v", raw, err)
	}
	if strings.Contains(c.Prefix, "//") {
		return Config{}, fmt.Errorf("store URL %q: empty path segment in prefix %q", raw, c.Prefix)
	}
	q := u.Query()
	scheme := "https"
	for k, vs := range q {
		if len(vs) != 1 {
			return Config{}, fmt.Errorf("store URL %q: parameter %s given %d times", raw, k, len(vs))
		}
		v := vs[0]
		switch k {
		case "region":
			c.Region = v
		case "endpoint":
			c.Endpoint = v
		case "profile":
			c.Profile = v
		case "scheme":
			if v != "http" && v != "https" {
				return Config{}, fmt.Errorf("store URL %q: scheme=%q, want http or https", raw, v)
			}
			scheme = v
		default:
			return Config{}, fmt.Errorf("store URL %q: unknown parameter %q (want region, endpoint, profile or scheme)", raw, k)
		}
	}
	if c.Endpoint != "" && !strings.Contains(c.Endpoint, "://") {
		c.Endpoint = scheme + "://" + c.Endpoint
	}
	if c.Endpoint != "" {
		e, err := url.Parse(c.Endpoint)
		if err != nil || (e.Scheme != "http" && e.Scheme != "https") || e.Host == "" {
			return Config{}, fmt.Errorf("store URL %q: endpoint %q is not a host[:port] or an http(s) URL", raw, c.Endpoint)
		}
	}
	return c, nil
}

// String is the URL of c.
func (c Config) String() string {
	u := url.URL{Scheme: "s3", Host: c.Bucket}
	if c.Prefix != "" {
		u.Path = "/" + c.Prefix
	}
	q := url.Values{}
	if c.Region != "" {
		q.Set("region", c.Region)
	}
	if c.Endpoint != "" {
		q.Set("endpoint", c.Endpoint)
	}
	if c.Profile != "" {
		q.Set("profile", c.Profile)
	}
	u.RawQuery = q.Encode()
	return u.String()
}

// checkBucketName accepts the names S3 allows: 3 to 63 lower-case
// letters, digits, dots and hyphens, starting and ending with a letter or
// digit.
func checkBucketName(b string) error {
	if len(b) < 3 || len(b) > 63 {
		return fmt.Errorf("bucket name %q: want 3 to 63 characters", b)
	}
	for i := 0; i < len(b); i++ {
		c := b[i]
		alnum := c >= 'a' && c <= 'z' || c >= '0' && c <= '9'
		if !alnum && !((c == '.' || c == '-') && i > 0 && i < len(b)-1) {
			return fmt.Errorf("bucket name %q: character %d (%q) not allowed", b, i+1, c)
		}
	}
	return nil
}
