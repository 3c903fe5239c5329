let a = { x = 1; }; b = { inherit a; c = a; }; in [ b b ]
