(true: true) 5
