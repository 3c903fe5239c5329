with { a = throw "outer"; }; with { a = 1; }; a
