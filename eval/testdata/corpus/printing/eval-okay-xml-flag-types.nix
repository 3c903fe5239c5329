[ 1 1.5 "s" true null [ ] { } ]
