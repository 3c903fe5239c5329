toString [ [ ] [ ] 1 ]
