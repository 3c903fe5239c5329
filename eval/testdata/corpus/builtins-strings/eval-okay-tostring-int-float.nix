[ (toString 1) (toString (-5)) (toString 1.0) (toString 0.1) (toString 1.5) ]
