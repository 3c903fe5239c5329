builtins.fromJSON (builtins.readFile ./data.json)
