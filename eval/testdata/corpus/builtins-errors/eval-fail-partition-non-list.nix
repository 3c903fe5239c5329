builtins.partition (x: true) { }
