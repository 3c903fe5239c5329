let x = "b"; in { ab = 2; }."a${x}"
