# builtins.path (name, filter, recursive = false, sha256), filterSource
# and storePath, each used by a derivation so its path reaches the .drv.
let
  tree = ./files/tree;
  mk = name: attrs: derivation ({ inherit name; system = "x86_64-linux"; builder = "/bin/sh"; } // attrs);
  seeded = builtins.path { path = tree; };
in
[
  (mk "plain" { src = seeded; })
  (mk "named" { src = builtins.path { path = tree; name = "renamed-tree"; }; })
  (mk "filtered" {
    src = builtins.path {
      path = tree;
      filter = p: t: t != "symlink" && baseNameOf p != "skip";
    };
  })
  (mk "flat" { src = builtins.path { path = ./files/tree/a.txt; recursive = false; }; })
  (mk "flat-pinned" {
    src = builtins.path {
      path = ./files/tree/a.txt;
      recursive = false;
      name = "alpha";
      sha256 = "0q0hnl0a3h1k9rqszkgxg9rl4gkw6wnz8ggsi2919nd2x6f8vadn";
    };
  })
  (mk "tree-pinned" {
    src = builtins.path { path = tree; name = "pinned"; sha256 = "sha256:0cvp2nhl3rsl15ipdbbzsb918xlyzvdmqzyb6hp3v8r37gpflaiy"; };
  })
  # With the hash given and the path already in the store, nothing is read.
  (mk "offline" {
    src = builtins.seq seeded (builtins.path {
      path = ./files/no-such-tree;
      name = "tree";
      sha256 = "0cvp2nhl3rsl15ipdbbzsb918xlyzvdmqzyb6hp3v8r37gpflaiy";
    });
  })
  (mk "filtersource" {
    src = builtins.filterSource (p: t: t == "directory" || builtins.match ".*\\.txt" p != null) tree;
    types = builtins.toString (builtins.attrValues (builtins.mapAttrs (n: t: "${n}:${t}") (builtins.readDir tree)));
  })
  (mk "storepath" {
    src = builtins.storePath (builtins.unsafeDiscardStringContext "${tree}");
    sub = builtins.storePath "${seeded}/sub";
  })
]
