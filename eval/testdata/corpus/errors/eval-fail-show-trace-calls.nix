# --show-trace names each function call an error passes through, and the
# call site; a curried function's inner lambdas carry its name, and a call
# a builtin makes has no call site
let
  add = a: b: if b == 0 then throw "at zero" else a + b;
  go = n: if n > 0 then go (n - 1) else builtins.map (add 1) [ 2 0 ];
in
builtins.deepSeq (go 2) null
