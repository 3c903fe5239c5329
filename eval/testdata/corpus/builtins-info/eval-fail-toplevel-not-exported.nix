length [ 1 ]
