f: f ./a(f)
