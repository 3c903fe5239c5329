let x = "zz"; in { }.${x} or "none"
