{ rec = 1; }
