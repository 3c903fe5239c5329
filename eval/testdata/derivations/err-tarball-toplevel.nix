fetchTarball "file://${toString ./files/two-top.tar.gz}"
