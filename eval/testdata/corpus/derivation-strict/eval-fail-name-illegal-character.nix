# The name is checked before any other attribute is evaluated.
builtins.derivationStrict { name = "~a"; builder = throw "not evaluated"; }
