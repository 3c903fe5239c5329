''
  hello
    world
  ''
