let l = builtins.foldl' (acc: i: [ acc ]) [ ] (builtins.genList (i: i) 20000); in builtins.deepSeq l 1
