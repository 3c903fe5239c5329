builtins.addErrorContext "context line\nsecond context line" (abort "done")
