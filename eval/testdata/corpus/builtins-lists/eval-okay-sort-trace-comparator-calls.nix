builtins.sort (a: b: builtins.trace "cmp ${toString a} ${toString b}" (a < b)) [ 5 3 9 1 7 2 8 6 4 0 11 10 ]
