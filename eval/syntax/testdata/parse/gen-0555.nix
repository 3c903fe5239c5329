with {}; { }
