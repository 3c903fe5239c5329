# an error raised while evaluating the operand of ! gets a frame
!(builtins.head [ (throw "inside not") ])
