map (e: baseNameOf e.path) builtins.nixPath
