builtins.typeOf import
