x: ''
    a ${x}
      b
  ''
