x: [ a/b/../c ./. ./a/.. /. ./a/../b a+b/c -a/b ./a.nix.bak ./a-${x}-b ./${x}${x} /${x} /a/../.. ]
