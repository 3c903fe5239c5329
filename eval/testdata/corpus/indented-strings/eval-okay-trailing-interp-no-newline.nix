let x = "end"; in ''
  a ${x}''
