{ a = "${"s"}"; b = "plain"; }
