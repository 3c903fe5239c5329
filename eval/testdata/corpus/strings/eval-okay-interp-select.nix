let s = { ab = 5; }; x = "b"; in s."a${x}"
