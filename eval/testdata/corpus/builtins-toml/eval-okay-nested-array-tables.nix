builtins.fromTOML ''
  [[a]]
  x = 1
  [[a.b]]
  y = 2
  [[a]]
  x = 3
''
