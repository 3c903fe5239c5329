let v = 5; in [ v "s" v ]
