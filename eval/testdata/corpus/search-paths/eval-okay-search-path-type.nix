builtins.typeOf <pkgs>
