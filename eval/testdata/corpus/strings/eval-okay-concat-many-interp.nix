let s = "x"; in "${s}${s}${s}-${s}"
