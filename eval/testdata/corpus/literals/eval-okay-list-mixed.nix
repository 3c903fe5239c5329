[ 1 "a" null true 2.5 { } [ ] ]
