# The static busybox of Debian's busybox-static package (`make deps`
# installs it), imported into the store as a directory holding only
# `busybox`, and a helper that makes a derivation run a busybox shell
# script. Nothing here needs the network.
{ busybox ? /usr/bin/busybox }:
rec {
  # A store path containing just the busybox binary. Its base name is
  # "busybox", so busybox dispatches on argv[0] = "busybox" and runs the
  # applet named by its first argument.
  bb = builtins.path {
    path = dirOf busybox;
    name = "busybox";
    filter = path: type: baseNameOf path == "busybox";
  };

  # mkShell name script attrs: a derivation whose builder is
  # `busybox sh -e -c script`; busybox runs its applets (mkdir, cat, ...)
  # without a PATH lookup.
  mkShell = name: script: attrs: derivation ({
    inherit name;
    system = builtins.currentSystem;
    builder = "${bb}/busybox";
    args = [ "sh" "-e" "-c" script ];
    PATH = "${bb}";
  } // attrs);
}
