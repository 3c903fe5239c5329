builtins.stringLength (builtins.fromJSON ''"\ud83d"'')
