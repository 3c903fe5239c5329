[ (builtins.sort (a: b: throw "no") [ ]) (builtins.sort (a: b: throw "no") [ 1 ]) ]
