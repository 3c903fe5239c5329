a: b: a/**/b
