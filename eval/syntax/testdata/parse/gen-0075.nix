with {}; 1.5
