let s = { inherit = 1; }; in s
