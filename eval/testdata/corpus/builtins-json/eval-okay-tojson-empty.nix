builtins.toJSON [ [ ] { } "" ]
