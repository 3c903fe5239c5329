# Shared helpers for the derivation corpus. Every derivation uses a fixed
# system and builder so the recorded paths do not depend on the machine.
rec {
  system = "x86_64-linux";
  mk = attrs: derivation ({ inherit system; builder = "/bin/sh"; } // attrs);
  fod = name: attrs: mk ({ inherit name; } // attrs);
}
