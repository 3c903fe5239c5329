"a" + "b" + toString /c
