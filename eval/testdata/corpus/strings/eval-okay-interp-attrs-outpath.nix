"x${{ outPath = "op"; }}"
