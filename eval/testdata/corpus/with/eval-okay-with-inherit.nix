with { a = 3; }; { inherit a; }
