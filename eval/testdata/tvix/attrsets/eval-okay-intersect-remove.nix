let a = { x = 1; y = 2; z = 3; }; in [ (builtins.intersectAttrs { y = 0; z = 0; w = 0; } a) (builtins.removeAttrs a [ "y" "nope" ]) ]
