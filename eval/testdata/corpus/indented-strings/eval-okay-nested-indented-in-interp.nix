''
  outer ${''
    inner
  ''} done
''
