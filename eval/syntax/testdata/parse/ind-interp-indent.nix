x: ''
    ${x} a
  b''
