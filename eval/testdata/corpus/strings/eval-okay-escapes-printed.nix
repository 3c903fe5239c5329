[ "a\tb\rc\nd\\e\"f\${g}" "\a\b\f\v\0" ''x''$y ''' ''\t ''\n ''\${z} $'' "${"x"}\u0001" "$" "$$" "$${x}" ''
  a
    b
	c
'' (builtins.fromJSON "\"\\u0001\\u007f\\u0080\\u00ff\"") ]
