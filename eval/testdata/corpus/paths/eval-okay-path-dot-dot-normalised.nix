baseNameOf ./a/b/../c
