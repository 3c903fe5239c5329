builtins.trace "first" (builtins.trace "second" "v")
