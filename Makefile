# Build, test and code generation. `make test` is what CI runs.
SHELL := /bin/bash
GO ?= go
GOBIN ?= $(shell $(GO) env GOPATH)/bin
PROTOC_GEN_GO_VERSION := v1.36.12
PROTOC_GEN_GO_GRPC_VERSION := v1.6.2
DEBIAN_PACKAGES := busybox-static nix-bin protobuf-compiler chromium wrk nginx git debootstrap openssh-server rclone
GO_TEST_FLAGS ?= -count=1 -timeout 30m
NIX226_ROOT ?= /var/cache/tvix-nix226
# VERSITYGW_VERSION is the S3-compatible server the S3 store's tests start
# (Versity's gateway, Apache-2.0, over a posix directory).
VERSITYGW_VERSION := v1.8.0

# The sandbox helper is linked statically: libcontainer starts each
# container's init by executing it again, and a dynamically linked one
# first loads and relocates the C library (milliseconds of CPU a build).
# It resolves no user or host names, so Go's own lookups are enough.
SANDBOX_BUILD_FLAGS := -tags osusergo,netgo -ldflags=-extldflags=-static

.PHONY: all build test bench chaos proto proto-check lint deps test-deps s3-server clean nix226 record226 argframes symorder langsuite tvixsuite nixpkgslib

all: build

build:
	$(GO) build -o bin/tvix ./cmd/tvix
	$(GO) build -o bin/tvix-node ./cmd/tvix-node
	$(GO) build $(SANDBOX_BUILD_FLAGS) -o bin/tvix-sandbox ./cmd/tvix-sandbox

# test installs what the tests need (as root), checks generated code is
# current, then runs every package's tests.
test: test-deps proto-check lint build
	$(GO) test $(GO_TEST_FLAGS) ./...

bench: build
	$(GO) test -run '^$$' -bench . -benchtime 1x ./...
	bash bench/run.sh

# chaos runs the fault-injection campaign (simnet/chaos, as root: real
# nodes in network namespaces) and prints its table; the last line sums
# it up. CHAOS_FLAGS sets trial counts (e.g. -chaos.kill-rounds=10).
CHAOS_FLAGS ?=
chaos:
	@report=$$(mktemp); trap 'rm -f $$report' EXIT; \
	$(GO) test -tags chaos -count=1 -timeout 40m -run '^TestCampaign$$' ./simnet/chaos -args -chaos.report=$$report $(CHAOS_FLAGS); \
	status=$$?; cat $$report; exit $$status

# proto regenerates the checked-in Go code from proto/*.proto.
proto:
	GOBIN=$(GOBIN) $(GO) install google.golang.org/protobuf/cmd/protoc-gen-go@$(PROTOC_GEN_GO_VERSION)
	GOBIN=$(GOBIN) $(GO) install google.golang.org/grpc/cmd/protoc-gen-go-grpc@$(PROTOC_GEN_GO_GRPC_VERSION)
	PATH="$(GOBIN):$$PATH" protoc -I proto \
		--go_out=. --go_opt=module=github.com/p2pnix/tvix \
		--go-grpc_out=. --go-grpc_opt=module=github.com/p2pnix/tvix \
		proto/*.proto

# proto-check fails when `make proto` would change the generated files.
proto-check: proto
	@git diff --exit-code -- proto || { echo "generated protobuf code is stale: run make proto and commit"; exit 1; }
	@test -z "$$(git status --porcelain -- proto)" || { git status --porcelain -- proto; echo "make proto created untracked files"; exit 1; }

lint:
	@out=$$(gofmt -l $$(git ls-files '*.go')); if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi
	$(GO) vet ./...

# deps installs the Debian packages the tests use (busybox for build
# sandboxes, Nix 2.8 as the test oracle, protoc for `make proto`) and the
# S3 server of the S3 store's tests and benchmark (s3-server).
deps: s3-server
	@missing=""; for p in $(DEBIAN_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
		if [ "$$(id -u)" != 0 ]; then echo "missing Debian packages:$$missing (run make deps as root)"; exit 1; fi; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
	fi

# s3-server installs the S3 server of store/s3store's tests into GOBIN,
# built from its Go module (a few minutes; skipped when that version is
# there).
s3-server:
	@if ! $(GO) version -m $(GOBIN)/versitygw 2>/dev/null | grep -q 'mod[[:space:]]*github.com/versity/versitygw[[:space:]]*$(VERSITYGW_VERSION)[[:space:]]'; then \
		echo "installing versitygw $(VERSITYGW_VERSION)"; \
		GOBIN=$(GOBIN) $(GO) install github.com/versity/versitygw/cmd/versitygw@$(VERSITYGW_VERSION); \
	fi

# test-deps is deps and, as root, Nix 2.26 in its chroot (make nix226), a
# client of the daemon protocol tests.
test-deps: deps
	@if [ "$$(id -u)" = 0 ]; then NIX226_ROOT=$(NIX226_ROOT) contrib/nix226/setup.sh; fi

clean:
	rm -rf bin

# nix226 sets up Nix 2.26, the reference for the language, in a Debian 13
# chroot at NIX226_ROOT (as root; minutes and ~500 MB; make deps runs it
# for the daemon protocol tests, which use it as a client). contrib/nix226/run runs its commands; with contrib/nix226/bin first
# on PATH the -update flags and record.sh record from it.
nix226:
	NIX226_ROOT=$(NIX226_ROOT) contrib/nix226/setup.sh

# record226 re-records the evaluator corpus (or the cases or directories
# in CASES) from the Nix 2.26 chroot.
record226:
	PATH=$(CURDIR)/contrib/nix226/bin:$$PATH NIX226_ROOT=$(NIX226_ROOT) eval/testdata/corpus/record.sh $(CASES)

# langsuite runs the language test suite of Nix 2.26's source against tvix
# and (with the chroot) Nix 2.26; VERBOSE=-v lists the failing cases.
# TVIX_LANGSUITE_DIR=DIR runs another copy of the suite's lang directory
# (flat, or in today's per-kind folders) instead.
langsuite:
	NIX226_ROOT=$(NIX226_ROOT) contrib/nix226/langsuite.sh $(VERBOSE)

# tvixsuite runs Tvix's language tests (a copy in TVIXSUITE, default
# ~/.cache/tvix-suites/tvix) against tvix and (with the chroot) Nix 2.26;
# VERBOSE=-v lists the failing cases.
tvixsuite:
	NIX226_ROOT=$(NIX226_ROOT) contrib/nix226/tvixsuite.sh $(VERBOSE) $(TVIXSUITE)

# nixpkgslib evaluates nixpkgs lib's lib/tests/misc.nix with tvix and (with
# the chroot) Nix 2.26, for each lib copy under ~/.cache/tvix-suites/nixpkgs-lib.
nixpkgslib:
	NIX226_ROOT=$(NIX226_ROOT) contrib/nix226/nixpkgslib.sh

# argframes regenerates eval/argframes.go, the frames Nix 2.26 adds to a
# type error in a builtin's argument, from the chroot's nix binary.
argframes:
	NIX226_ROOT=$(NIX226_ROOT) contrib/nix226/argframes.sh > eval/argframes.go.tmp && mv eval/argframes.go.tmp eval/argframes.go && gofmt -w eval/argframes.go

# symorder regenerates eval/symseed.go, the names Nix 2.26 makes symbols of
# before it parses a file, in its order (the order it forces attributes in).
symorder:
	NIX226_ROOT=$(NIX226_ROOT) contrib/nix226/symorder.sh > eval/symseed.go.tmp && mv eval/symseed.go.tmp eval/symseed.go && gofmt -w eval/symseed.go
