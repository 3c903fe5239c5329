# builtins.fetchurl and fetchTarball of file:// URLs, a fetch that needs
# no network because its pinned path is already in the store, and
# <nix/fetchurl.nix> (only instantiated: builtin:fetchurl runs at build).
let
  files = toString ./files;
  mk = name: attrs: derivation ({ inherit name; system = "x86_64-linux"; builder = "/bin/sh"; } // attrs);
  hello = builtins.fetchurl "file://${files}/hello.txt";
  fetchurlNix = import <nix/fetchurl.nix>;
in
[
  (mk "fetchurl" {
    inherit hello;
    named = builtins.fetchurl { url = "file://${files}/hello.txt"; name = "greeting"; };
    pinned = builtins.fetchurl {
      url = "file://${files}/hello.txt";
      sha256 = "0qls4q1szvhb7qhwzd4dk1wi1k55ddh38nraiz7jf02qwwwv81sn";
    };
  })
  (mk "offline" {
    src = builtins.seq hello (builtins.fetchurl {
      url = "https://example.invalid/hello.txt";
      sha256 = "0qls4q1szvhb7qhwzd4dk1wi1k55ddh38nraiz7jf02qwwwv81sn";
    });
  })
  (mk "tarball" {
    gz = fetchTarball "file://${files}/pkg.tar.gz";
    xz = builtins.fetchTarball { url = "file://${files}/pkg.tar.xz"; name = "pkg"; };
  })
  (fetchurlNix { url = "file://${files}/hello.txt"; sha256 = "0qls4q1szvhb7qhwzd4dk1wi1k55ddh38nraiz7jf02qwwwv81sn"; })
  (fetchurlNix { url = "https://example.org/a/src-1.2.tar.gz"; hash = "sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU="; unpack = true; })
  (fetchurlNix { url = "https://example.org/tool"; sha512 = "cf83e1357eefb8bdf1542850d66d8007d620e4050b5715dc83f4a921d36ce9ce47d0d13c5d85f2b0ff8318d2877eec2f63b931bd47417a81a538327af927da3e"; executable = true; name = "tool"; })
  (fetchurlNix { url = "https://example.org/old"; md5 = "d41d8cd98f00b204e9800998ecf8427e"; sha256 = "0000000000000000000000000000000000000000000000000000"; system = "i686-linux"; })
  (fetchurlNix { url = "https://example.org/both"; sha1 = "da39a3ee5e6b4b0d3255bfef95601890afd80709"; sha512 = "cf83e1357eefb8bdf1542850d66d8007d620e4050b5715dc83f4a921d36ce9ce47d0d13c5d85f2b0ff8318d2877eec2f63b931bd47417a81a538327af927da3e"; })
  (fetchurlNix { url = "https://example.org/explicit"; outputHash = "0000000000000000000000000000000000000000000000000000"; outputHashAlgo = "sha256"; })
]
