''
  a\nb \t
''
