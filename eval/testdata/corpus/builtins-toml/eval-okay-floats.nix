builtins.fromTOML ''
  a = 3.14
  b = -0.01
  c = 5e+22
  d = 6.626e-34
  e = 1_000.5
''
