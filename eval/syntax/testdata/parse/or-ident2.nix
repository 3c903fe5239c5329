let or = 1; in x: [ (x or) { inherit or; } ]
