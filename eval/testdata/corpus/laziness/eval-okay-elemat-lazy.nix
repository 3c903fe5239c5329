builtins.elemAt [ (throw "x") 2 ] 1
