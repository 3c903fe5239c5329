let v = { a = [ 1 "two" null true 2.5 ]; b = { c = "d"; }; }; in builtins.fromJSON (builtins.toJSON v) == v
