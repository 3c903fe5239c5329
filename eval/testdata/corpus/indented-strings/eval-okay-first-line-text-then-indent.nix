''first
    second
  third''
