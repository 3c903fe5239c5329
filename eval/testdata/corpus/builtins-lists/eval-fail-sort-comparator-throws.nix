builtins.sort (a: b: if a == 3 then throw "cmp failed on 3" else a < b) [ 1 2 3 4 ]
