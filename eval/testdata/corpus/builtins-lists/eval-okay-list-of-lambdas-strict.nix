builtins.length [ (x: x) builtins.head ]
