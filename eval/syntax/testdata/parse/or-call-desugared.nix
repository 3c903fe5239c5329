let or = 1; in a: b: f: [ (<n/p> or) ((a - b) or) ((f a) or) ((a - b) or f) ((-a) or) ((a < b) or) (<n/p> a) ((f a) or b) ]
