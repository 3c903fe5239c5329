# --parse prints the warnings parsing gives
let or = 1; f = x: x; in [ (f or) f or ]
