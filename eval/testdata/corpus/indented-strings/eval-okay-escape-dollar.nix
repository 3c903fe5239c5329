''
  ''${x} and $ alone
''
