builtins.typeOf ("" + /foo)
