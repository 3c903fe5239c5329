builtins.toJSON "aÿb"
