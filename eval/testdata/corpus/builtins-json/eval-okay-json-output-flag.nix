{ b = [ 1 2.5 "s" null true ]; a = { c = { }; }; }
