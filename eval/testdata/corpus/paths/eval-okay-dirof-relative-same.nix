dirOf ./a/b == ./a
