let x = "X"; in ''
  value: ${x}
    indented ${x}
''
