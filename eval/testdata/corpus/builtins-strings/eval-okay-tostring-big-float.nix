toString 1.0e300
