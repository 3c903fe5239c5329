# Input sources: path literals, directories, builtins.toFile, builtins.path
# and contexts that pull in whole derivation closures.
let
  l = import ./lib.nix;
  text = builtins.toFile "tvix-text" "hello from toFile\n";
  dep = l.mk { name = "src-dep"; outputs = [ "out" "dev" ]; src = ./files/script.sh; };
  textWithRef = builtins.toFile "tvix-text-ref" "see ${./files/script.sh}\n";
in
{
  file = l.mk { name = "with-file"; script = ./files/script.sh; };
  dir = l.mk { name = "with-dir"; src = ./files/dir; };
  interpolated = l.mk { name = "interpolated"; args = [ "-e" "${./files/script.sh}" ]; };
  toFile = l.mk { name = "with-tofile"; inherit text textWithRef; };
  named = l.mk { name = "with-path"; src = builtins.path { path = ./files/dir; name = "renamed-dir"; }; };
  filtered = l.mk {
    name = "with-filter";
    src = builtins.path { path = ./files/dir; name = "filtered"; filter = p: t: baseNameOf p != "skip.txt"; };
  };
  flatPath = l.mk { name = "with-flat-path"; src = builtins.path { path = ./files/script.sh; recursive = false; }; };
  drvPathContext = l.mk { name = "drvpath-context"; d = dep.drvPath; };
  discardOutputDep = l.mk { name = "discard-output-dep"; d = builtins.unsafeDiscardOutputDependency dep.drvPath; };
  builderFromStore = derivation { name = "builder-from-store"; system = l.system; builder = ./files/script.sh; };
}
