with { x = 1; }; (x: x) 5
