(x: { inherit x; y = [ x ]; }) 5
