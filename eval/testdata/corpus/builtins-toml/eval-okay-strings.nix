builtins.fromTOML (builtins.readFile ./strings.toml)
