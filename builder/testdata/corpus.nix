# Derivations built by both nix-build (sandboxed) and our builder in
# differential_test.go. Each attribute is instantiated on its own; names
# starting with "fail-" must fail in both.
let
  inherit (import ../../examples/busybox.nix { }) bb mkShell;

  chainA = mkShell "chain-a" ''
    echo "I am a" > $out
  '' { };
  chainB = mkShell "chain-b" ''
    mkdir $out
    echo "b uses ${chainA}" > $out/uses-a
    cat ${chainA} > $out/copy-of-a
  '' { };
in
{
  chain = mkShell "chain-c" ''
    mkdir $out
    ln -s ${chainB}/uses-a $out/link-into-b
    echo "self: $out" > $out/self
  '' { };

  multi = mkShell "multi" ''
    mkdir $out $dev $lib
    echo "lib self $lib" > $lib/self
    echo "dev needs $lib" > $dev/needs-lib
    echo "out needs $dev and $lib" > $out/needs
  '' { outputs = [ "out" "dev" "lib" ]; };

  tree = mkShell "tree" ''
    mkdir -p $out/bin $out/share/empty-dir $out/a/b/c
    printf '#!/bin/sh\necho hi\n' > $out/bin/tool
    chmod 755 $out/bin/tool
    printf 'data\n' > $out/share/data
    chmod 600 $out/share/data
    : > $out/share/empty-file
    ln -s ../share/data $out/bin/relative-link
    ln -s ${bb}/busybox $out/bin/store-link
    ln -s /dangling/absolute $out/a/b/c/dangling
    printf 'x' > $out/a/b/c/one-byte
    printf '1234567' > $out/a/seven
    printf '12345678' > $out/a/eight
  '' { };

  large = mkShell "large" ''
    yes "a line of a large file with some words in it" | head -c 20000000 > $out
    echo ${bb} >> $out
  '' { };

  fod-flat = mkShell "fod-flat" ''
    printf 'fixed content\n' > $out
  '' {
    outputHashMode = "flat";
    outputHashAlgo = "sha256";
    outputHash = "adcf791ae2803c0c10f0dab9c430c39ac580bf95d6a834a248f4dedd72c69665";
  };

  fod-recursive = mkShell "fod-recursive" ''
    mkdir -p $out/sub
    printf 'a\n' > $out/a
    printf '#!/bin/sh\necho b\n' > $out/sub/b
    chmod +x $out/sub/b
    ln -s a $out/link
  '' {
    outputHashMode = "recursive";
    outputHashAlgo = "sha256";
    outputHash = "0pkixphd7hyiy2jql98dgb70d11sc6givlw06qpd063gmkmg05xd";
  };

  fod-recursive-sha512 = mkShell "fod-recursive-sha512" ''
    mkdir -p $out/sub
    printf 'a\n' > $out/a
    printf '#!/bin/sh\necho b\n' > $out/sub/b
    chmod +x $out/sub/b
    ln -s a $out/link
  '' {
    outputHashMode = "recursive";
    outputHashAlgo = "sha512";
    outputHash = "077nq7bbfapjlmpy9rf82c93vbbnk7ywjivz5akig66fpp09iqj09ya70g1szq6vrcc43hqgn764k46wyfpj876ls20h15w1kxzqsrq";
  };

  fod-flat-sha1 = mkShell "fod-flat-sha1" ''
    printf 'fixed content\n' > $out
  '' {
    outputHashAlgo = "sha1";
    outputHash = "3a1f36c33a7a0c4885f3cb931ca52c4c61f7658c";
  };

  fod-flat-md5-sri = mkShell "fod-flat-md5-sri" ''
    printf 'fixed content\n' > $out
  '' {
    outputHash = "md5-Fy74rxXpCSCpDB5r1NP4HQ==";
  };

  text-builder = derivation {
    name = "text-builder";
    system = builtins.currentSystem;
    builder = "${bb}/busybox";
    args = [ "sh" "-e" (builtins.toFile "builder.sh" ''
      echo "built by a script from builtins.toFile" > $out
      echo "$0" >> $out
    '') ];
  };

  odd-names = mkShell "odd-names" ''
    mkdir -p "$out/with space" "$out/ünïcödé" $out/.hidden
    printf 'x' > "$out/with space/file name"
    printf 'y' > "$out/ünïcödé/ß"
    : > $out/.hidden/.dotfile
    ln -s "with space/file name" "$out/link to spaced"
  '' { };

  pass-as-file = mkShell "pass-as-file" ''
    mkdir $out
    cat $bigPath > $out/big
    echo "$smallValue" > $out/small
    env | cut -d= -f1 | sort > $out/env-names
    ls -a $NIX_BUILD_TOP | sort > $out/build-dir
  '' {
    passAsFile = [ "big" ];
    big = "a value passed as a file\nwith two lines";
    smallValue = "passed in the environment";
  };

  structured = mkShell "structured" ''
    out=$(sed -n 's/.*"outputs":{"out":"\([^"]*\)".*/\1/p' .attrs.json)
    mkdir $out
    cat .attrs.json > $out/attrs.json
    cat .attrs.sh > $out/attrs.sh
    env | cut -d= -f1 | sort > $out/env-names
  '' {
    __structuredAttrs = true;
    aString = "it's \"quoted\"";
    anInt = 42;
    aBool = true;
    aFalse = false;
    aNull = null;
    aList = [ "x" 1 true ];
    anAttrs = { k = "v"; n = 2; };
    nested = { deep = [ { x = 1; } ]; };
    "not-a-shell-name" = "skipped in .attrs.sh";
  };

  probe = mkShell "probe" ''
    {
    echo "id: $(id)"
    echo "uid: $(id -u) gid: $(id -g)"
    echo "hostname: $(hostname)"
    echo "domainname: $(cat /proc/sys/kernel/domainname)"
    echo "pwd: $(pwd)"
    echo "root:"; ls -a / | sort
    echo "etc:"; ls -a /etc | sort
    echo "passwd:"; cat /etc/passwd
    echo "group:"; cat /etc/group
    echo "hosts:"; cat /etc/hosts
    echo "interfaces:"; ls /sys/class/net 2>/dev/null || ip -o link | cut -d: -f2 | tr -d ' '
    echo "tmp:"; ls -a /tmp | sort
    echo "build:"; ls -a /build | sort
    echo "store:"; ls -a /nix/store | sed 's/^[a-z0-9]\{32\}-//' | sort
    echo "env:"; env | grep -v '^_=' | sort
    echo "args: $0 $#"
    echo "umask: $(umask)"
    echo "writable root: $(touch /x 2>/dev/null && echo yes || echo no)"
    echo "writable store: $(touch /nix/store/x 2>/dev/null && echo yes || echo no)"
    rm -f /nix/store/x
    echo "writable input: $(touch ${bb}/x 2>/dev/null && echo yes || echo no)"
    } > $out
  '' { };

  # A fixed-output derivation's sandbox (network and the host's
  # /etc/hosts, resolv.conf and services) can only be observed through
  # the build's success: its output is fixed. Nix checks these
  # expectations when the goldens are recorded.
  probe-fod = mkShell "probe-fod" ''
    check() {
      if [ "$2" != "$3" ]; then echo "$1: got '$2', want '$3'" >&2; exit 1; fi
    }
    check identity "$(id -u):$(id -g)" "1000:100"
    check hostname "$(hostname)" "localhost"
    check root "$(ls / | tr '\n' ' ')" "build dev etc nix proc tmp "
    check etc "$(ls /etc | tr '\n' ' ')" "group hosts nsswitch.conf passwd resolv.conf services "
    check env "$(env | cut -d= -f1 | grep -v '^_$' | sort | tr '\n' ' ')" "HOME NIX_BUILD_CORES NIX_BUILD_TOP NIX_LOG_FD NIX_OUTPUT_CHECKED NIX_STORE PATH PWD SHLVL TEMP TEMPDIR TERM TMP TMPDIR builder name out outputHash outputHashAlgo outputHashMode system "
    check pwd "$(pwd)" "/build"
    printf 'fixed\n' > $out
  '' {
    outputHashMode = "flat";
    outputHashAlgo = "sha256";
    outputHash = "0c3071418e6356e614898c84ed064ca95e88551bc0811b534bdf1952ecdae534";
  };

  allowed-refs = mkShell "allowed-refs" ''
    mkdir $out $dev
    echo "$out $dev ${bb}" > $out/refs
    echo "$dev" > $dev/self
  '' {
    outputs = [ "out" "dev" ];
    allowedReferences = [ "out" "dev" bb ];
    allowedRequisites = [ "out" "dev" bb ];
  };

  fail-self-ref-allowed-none = mkShell "fail-self-ref-allowed-none" ''
    echo $out > $out
  '' { allowedReferences = [ ]; };

  self-requisite-ignored = mkShell "self-requisite-ignored" ''
    echo $out > $out
  '' { allowedRequisites = [ ]; };

  fail-disallowed-requisite = mkShell "fail-disallowed-requisite" ''
    echo ${mkShell "refers-to-busybox" "echo ${bb} > $out" { }} > $out
  '' { disallowedRequisites = [ bb ]; };

  fail-output-cycle = mkShell "fail-output-cycle" ''
    echo $dev > $out
    echo $out > $dev
  '' { outputs = [ "out" "dev" ]; };

  fail-exit = mkShell "fail-exit" ''
    echo "about to fail"
    exit 3
  '' { };

  fail-no-output = mkShell "fail-no-output" ''
    echo "not creating $out"
  '' { };

  fail-fod-mismatch = mkShell "fail-fod-mismatch" ''
    printf 'other content\n' > $out
  '' {
    outputHashMode = "flat";
    outputHashAlgo = "sha256";
    outputHash = "adcf791ae2803c0c10f0dab9c430c39ac580bf95d6a834a248f4dedd72c69665";
  };

  fail-closes-log = mkShell "fail-closes-log" ''
    exec > $out 2>&1
    echo "output closed; Nix considers the build over"
    sleep 1
  '' { };

  fail-disallowed = mkShell "fail-disallowed" ''
    echo ${bb} > $out
  '' { disallowedReferences = [ bb ]; };
}
