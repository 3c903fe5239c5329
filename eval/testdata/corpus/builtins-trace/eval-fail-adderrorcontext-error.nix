builtins.addErrorContext "while evaluating something special" (throw "boom")
