# lib.sh - helpers the bench scripts source (from the repository's top
# directory). TIMED_DIR must name a scratch directory for timed.

# timed CMD...: runs CMD with its output discarded and prints
# "<wall ms> <cpu ms>" (user+sys); on failure it prints the end of its
# stderr and fails.
timed() {
	local t TIMEFORMAT='%R %U %S'
	t=$( { time "$@" >/dev/null 2>"$TIMED_DIR/stderr"; } 2>&1 ) || {
		echo "failed: $*" >&2
		tail -n 20 "$TIMED_DIR/stderr" >&2
		return 1
	}
	awk -v t="$t" 'BEGIN { split(t, a, " "); printf "%d %d\n", a[1] * 1000, (a[2] + a[3]) * 1000 }'
}

# median N...: the median of the numbers.
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

# tvix_bins: builds $TVIX (default bin/tvix) unless it exists, and
# tvix-sandbox next to it (tvix creates its containers through it when
# it sits there); sets TVIX.
tvix_bins() {
	TVIX="${TVIX:-bin/tvix}"
	[ -x "$TVIX" ] || go build -o "$TVIX" ./cmd/tvix
	local sandbox
	sandbox="$(dirname "$TVIX")/tvix-sandbox"
	# Linked statically, as make build does (see the Makefile).
	[ -x "$sandbox" ] || go build -tags osusergo,netgo -ldflags=-extldflags=-static -o "$sandbox" ./cmd/tvix-sandbox
}

# scratch NAME: makes the scratch directory $work, removed on exit with
# the processes whose pids are in pids and the host store paths in
# nix_paths (both arrays start empty).
scratch() {
	work=$(mktemp -d "/tmp/tvix-bench-$1-XXXXXX")
	chmod 755 "$work"
	nix_paths=()
	pids=()
	trap scratch_cleanup EXIT
}
scratch_cleanup() {
	for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
	for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
	for p in "${nix_paths[@]}"; do nix-store --delete "$p" >/dev/null 2>&1 || true; done
	rm -rf "$work"
}

# closure TREE_BYTES NAR_BYTES: adds to the host store a fresh tree of
# small files ($work/gentree) and a path holding one random NAR_BYTES
# file; sets tree and big, and adds both to nix_paths.
closure() {
	local seed
	seed=$(date +%s%N)
	"$work/gentree" -seed "$seed" -size "$1" "$work/tree"
	mkdir "$work/big"
	head -c "$2" /dev/urandom >"$work/big/blob"
	echo "$seed" >"$work/big/seed"
	tree=$(nix-store --add "$work/tree")
	big=$(nix-store --add "$work/big")
	nix_paths+=("$tree" "$big")
	rm -rf "$work/tree" "$work/big"
}

free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

# start_nginx ROOT PORT [DIRECTIVE...]: serves ROOT on 127.0.0.1:PORT
# (extra http-block directives after it) until exit; sets nginx_pid.
start_nginx() {
	local root=$1 port=$2
	shift 2
	{
		echo "daemon off;"
		echo "worker_processes auto;"
		echo "pid $work/nginx.pid;"
		echo "error_log $work/nginx-error.log;"
		echo "events { worker_connections 1024; }"
		echo "http {"
		echo "	access_log off;"
		echo "	sendfile on;"
		for d in "$@"; do echo "	$d"; done
		echo "	server { listen 127.0.0.1:$port; root $root; }"
		echo "}"
	} >"$work/nginx.conf"
	nginx -c "$work/nginx.conf" -p "$work" &
	nginx_pid=$!
	pids+=("$nginx_pid")
	for _ in $(seq 100); do curl -sf "http://127.0.0.1:$port/nix-cache-info" >/dev/null && return 0; sleep 0.1; done
	echo "nginx did not start:" >&2
	cat "$work/nginx-error.log" >&2
	return 1
}
