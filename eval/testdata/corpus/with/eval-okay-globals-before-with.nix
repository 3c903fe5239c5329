# Global names (true, map, ...) are lexical: a with cannot shadow them.
with { true = false; map = 1; null = 2; toString = 3; import = 4; }; [ true map null toString import ]
