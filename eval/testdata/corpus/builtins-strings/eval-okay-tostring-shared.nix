# toString returns strings as they are (context kept) and shares small
# integers' strings; builtin argument slots are reused across nested
# calls and after errors caught by tryEval.
let
  drv = derivation { name = "ts"; system = "x"; builder = "/b"; };
  s = toString drv;
  ints = map toString [ (-1025) (-1024) (-1) 0 99 100 1023 1024 123456 1280 1024 2048 (-1280) 1280 ];
  nested = builtins.substring 1 (builtins.stringLength (toString (builtins.length [ 1 2 3 ]))) (toString (builtins.substring 0 3 "abcdef"));
  caught = map (x: builtins.tryEval (builtins.substring 0 (if x then throw "no" else 2) (toString x))) [ true false ];
in {
  inherit ints nested caught;
  ctx = builtins.getContext s;
  same = toString "plain" == "plain";
  hasCtx = builtins.hasContext (toString "${drv}");
  deep = builtins.concatStringsSep "," (map (i: builtins.substring 0 (i + 1) (toString (i * 1000))) (builtins.genList (i: i) 5));
}
