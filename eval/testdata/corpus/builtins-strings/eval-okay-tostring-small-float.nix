toString 1.0e-300
