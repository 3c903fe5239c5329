builtins.elem 2 [ (throw "reached") 2 ]
