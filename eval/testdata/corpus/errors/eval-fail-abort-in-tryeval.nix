builtins.tryEval (abort "no catch")
