let f = x: x; in { a = { b = f; }; } == { a = { b = f; }; }
