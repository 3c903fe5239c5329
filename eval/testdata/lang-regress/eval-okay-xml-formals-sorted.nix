# Formals written out of order come out sorted by name in XML output.
{ pick = { zeta, alpha ? 2, mid, ... }@all: mid; other = { b, a }: a; }
