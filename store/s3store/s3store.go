package s3store

import (
	"context"
	"fmt"
	"net/http"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/ratelimit"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/s3"

	"github.com/p2pnix/tvix/store"
)

// DefaultGracePeriod is how old an unreferenced object must be before
// CollectGarbage removes it; writers refresh objects older than half of
// it that they refer to again (see doc.go).
const DefaultGracePeriod = 24 * time.Hour

// Options tune Open; the zero value is the default.
type Options struct {
	// Credentials, when set, replace the AWS SDK's search (environment,
	// shared config and credentials files, profile, instance roles).
	Credentials aws.CredentialsProvider
	// MaxAttempts is how often a request is tried on throttling, server
	// errors and broken connections (default 5).
	MaxAttempts int
	// MaxBackoff caps the wait between attempts (default 5s).
	MaxBackoff time.Duration
	// GracePeriod (default DefaultGracePeriod): see DefaultGracePeriod.
	GracePeriod time.Duration
	// HTTPClient, when set, carries the requests (tests put faults in it).
	HTTPClient *http.Client
}

// Open returns the store in the bucket of cfg. It checks that the bucket
// answers (credentials, endpoint, existence) within ctx, so a wrong
// configuration fails here, in one line naming the bucket.
func Open(ctx context.Context, cfg Config, opt Options) (*store.Store, error) {
	b, err := newBucket(ctx, cfg, opt)
	if err != nil {
		return nil, err
	}
	blobs := &blobService{b: b}
	dirs := &directoryService{b: b}
	m := &maintainer{b: b, grace: opt.GracePeriod}
	return &store.Store{
		Blobs:       blobs,
		Directories: dirs,
		PathInfos:   &pathInfoService{b: b, blobs: blobs, dirs: dirs},
		Maintenance: m,
		Close:       func() error { return nil },
	}, nil
}

// OpenURL opens the store an s3:// URL names, with default options.
func OpenURL(ctx context.Context, raw string) (*store.Store, error) {
	cfg, err := ParseURL(raw)
	if err != nil {
		return nil, err
	}
	return Open(ctx, cfg, Options{})
}

func newBucket(ctx context.Context, cfg Config, opt Options) (*bucket, error) {
	if opt.MaxAttempts <= 0 {
		opt.MaxAttempts = 5
	}
	if opt.MaxBackoff <= 0 {
		opt.MaxBackoff = 5 * time.Second
	}
	if opt.GracePeriod <= 0 {
		opt.GracePeriod = DefaultGracePeriod
	}
	where := "s3://" + cfg.Bucket
	loads := []func(*config.LoadOptions) error{
		config.WithRetryer(func() aws.Retryer {
			return retry.NewStandard(func(o *retry.StandardOptions) {
				o.MaxAttempts = opt.MaxAttempts
				o.MaxBackoff = opt.MaxBackoff
				// Every request retries on its own; no shared quota that a
				// burst of throttling could drain for all.
				o.RateLimiter = ratelimit.None
			})
		}),
	}
	if cfg.Region != "" {
		loads = append(loads, config.WithRegion(cfg.Region))
	}
	if cfg.Profile != "" {
		loads = append(loads, config.WithSharedConfigProfile(cfg.Profile))
	}
	if opt.Credentials != nil {
		loads = append(loads, config.WithCredentialsProvider(opt.Credentials))
	}
	awsCfg, err := config.LoadDefaultConfig(ctx, loads...)
	if err != nil {
		return nil, fmt.Errorf("%s: AWS configuration: %v", where, err)
	}
	if awsCfg.Region == "" {
		awsCfg.Region = "us-east-1"
	}
	client := s3.NewFromConfig(awsCfg, func(o *s3.Options) {
		if opt.HTTPClient != nil {
			o.HTTPClient = opt.HTTPClient
		}
		if cfg.Endpoint != "" {
			o.BaseEndpoint = aws.String(cfg.Endpoint)
			o.UsePathStyle = true
		}
		// Content is checked by its blake3 digest; the SDK's own checksums
		// are left to servers that require them (some S3-compatible
		// servers refuse the trailing ones).
		o.RequestChecksumCalculation = aws.RequestChecksumCalculationWhenRequired
		o.ResponseChecksumValidation = aws.ResponseChecksumValidationWhenRequired
	})
	b := &bucket{c: client, name: cfg.Bucket, refreshAge: opt.GracePeriod / 2}
	if cfg.Prefix != "" {
		b.prefix = cfg.Prefix + "/"
	}
	if _, err := client.HeadBucket(ctx, &s3.HeadBucketInput{Bucket: &b.name}); err != nil {
		if isNotFound(err) {
			return nil, fmt.Errorf("%s: no such bucket", where)
		}
		return nil, fmt.Errorf("%s: %s", where, oneLine(err))
	}
	return b, nil
}

// StaticCredentials is an access key pair (tests, and callers that hold
// keys themselves).
func StaticCredentials(accessKey, secretKey string) aws.CredentialsProvider {
	return credentials.NewStaticCredentialsProvider(accessKey, secretKey, "")
}
