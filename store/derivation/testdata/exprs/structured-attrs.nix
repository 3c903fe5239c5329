let
  l = import ./lib.nix;
  dep = l.mk { name = "sa-dep"; outputs = [ "out" "dev" ]; };
in
{
  structured = l.mk {
    name = "structured";
    __structuredAttrs = true;
    outputs = [ "out" "lib" ];
    int = 1;
    float = 1.5;
    bool = true;
    null = null;
    list = [ 1 "two" [ 3 ] { four = 4; } ];
    attrs = { nested = { deeper = "x\"y\n"; }; unicode = "日本"; };
    dep = dep.dev;
    path = ./files/script.sh;
    exportReferencesGraph.closure = [ dep ];
  };
  structuredFod = l.fod "structured-fod" {
    __structuredAttrs = true;
    outputHash = "sha256-WxuL/+Rs7lGG1jz1Xqxo8xkFKBOhbqvW+FEqAwjtzR0=";
    outputHashMode = "recursive";
    urls = [ "a" "b" ];
  };
  notStructured = l.mk { name = "not-structured"; __structuredAttrs = false; };
}
