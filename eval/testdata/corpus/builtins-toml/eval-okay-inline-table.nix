builtins.fromTOML ''p = { x = 1, y = { z = "deep" } }''
