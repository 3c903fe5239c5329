# A chain 60 derivations deep plus a layered diamond DAG.
let
  l = import ./lib.nix;
  chain = builtins.foldl' (prev: i:
    l.mk { name = "chain-${toString i}"; inherit prev; outputs = [ "out" "dev" ]; })
    (l.mk { name = "chain-root"; }) (builtins.genList (i: i) 60);
  layer = n: prevLayer: builtins.genList (i:
    l.mk {
      name = "dag-${toString n}-${toString i}";
      deps = map (d: d.out) prevLayer;
      first = builtins.head prevLayer;
    }) 4;
  dag = builtins.foldl' (prev: n: layer n prev) [ (l.mk { name = "dag-root"; }) ] (builtins.genList (i: i) 8);
in
{
  inherit chain;
  top = l.mk { name = "dag-top"; deps = dag; chainDev = chain.dev; };
}
