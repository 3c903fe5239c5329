# A value nested far deeper than any stack: Nix's stack overflow error,
# with no frames, and promptly (its frames are not added level by level).
let
  l = builtins.foldl' (tail: head: { inherit head tail; }) null (builtins.genList (x: x) 300000);
in
builtins.deepSeq l "unexpected success"
