(args@{ x, ... }: [ x (builtins.attrNames args) ]) { x = 1; y = 2; }
