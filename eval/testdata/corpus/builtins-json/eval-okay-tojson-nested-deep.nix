builtins.toJSON [ [ [ [ { a = [ { } ]; } ] ] ] ]
