x: [ ./a/${x}/b ./a${x} ./${x} a/${x}.nix ~/${x} ./a/b/${x}c ]
