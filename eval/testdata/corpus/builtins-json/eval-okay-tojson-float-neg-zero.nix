builtins.toJSON (0.0 * -1)
