map (n: builtins.hasAttr n builtins) [ "map" "fromTOML" "readFileType" "warn" "convertHash" "traceVerbose" "ceil" "groupBy" ]
