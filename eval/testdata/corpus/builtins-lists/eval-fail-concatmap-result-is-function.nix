builtins.concatMap (x: y: [ x y ]) [ 1 ]
