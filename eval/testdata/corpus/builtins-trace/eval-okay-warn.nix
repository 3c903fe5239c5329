builtins.warn "careful" 42
