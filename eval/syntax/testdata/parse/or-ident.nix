or: x: [ (x or) ]
