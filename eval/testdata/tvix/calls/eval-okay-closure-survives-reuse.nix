let adder = a: b: a + b; fs = map (i: adder i) [ 1 2 3 ]; in map (f: f 100) fs
