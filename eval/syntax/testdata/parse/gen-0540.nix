with {}; ~/h.or.b.${"s"}
