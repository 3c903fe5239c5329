# A let binding shadows a global; a with cannot.
let map = 1; in with { map = builtins.map; }; map (x: x) [ ]
