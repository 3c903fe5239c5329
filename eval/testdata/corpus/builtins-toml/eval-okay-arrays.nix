builtins.fromTOML ''
  ints = [ 1, 2, 3 ]
  mixed = [ [ 1, 2 ], [ "a" ] ]
  empty = []
''
