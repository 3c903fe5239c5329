# builtins.addErrorContext's messages are printed even past the point
# where the trace is cut without --show-trace
let
  count = n: if n == 0 then throw "done" else builtins.addErrorContext "counting ${toString n}" ("x" + count (n - 1));
in
count 7
