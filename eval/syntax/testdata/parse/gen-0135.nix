with {}; { a, b ? ./p/${x}, ... }@args: ./p
