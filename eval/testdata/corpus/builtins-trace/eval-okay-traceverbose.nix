builtins.traceVerbose "not shown by default" [ 1 ]
