(args@{ a ? 1, ... }: builtins.attrNames args) { b = 2; }
