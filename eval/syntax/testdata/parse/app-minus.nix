f: f -1
