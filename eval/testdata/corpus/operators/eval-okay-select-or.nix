[ ({ a = 1; }.a or 2) ({ }.a or 2) ({ a = { }; }.a.b or 3) ({ a = 1; }.a.b or 4) ]
