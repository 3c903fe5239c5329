assert true -> false -> true; "ok"
