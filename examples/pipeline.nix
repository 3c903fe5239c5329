# A small pipeline of four derivations: a text is split into words, the
# words are counted and sorted by two builds that can run at once (-j 2),
# and a report combines them, with a script that prints it. The counting
# build has two outputs (out and stats). Build and run it with
#   bin/tvix build -j 2 examples/pipeline.nix && result/bin/show-report
let
  inherit (import ./busybox.nix { }) bb mkShell;
  text = builtins.toFile "text.txt" ''
    the quick brown fox jumps over the lazy dog
    the dog sleeps and the fox runs
  '';
  words = mkShell "words" ''
    echo "splitting ${text} into words"
    tr ' ' '\n' < ${text} | grep -v '^$' > $out
  '' { };
  counts = mkShell "word-counts" ''
    echo "counting the words of ${words}"
    mkdir $out $stats
    sort ${words} | uniq -c | sort -rn > $out/counts
    wc -l < ${words} > $stats/total
  '' { outputs = [ "out" "stats" ]; };
  sorted = mkShell "sorted-words" ''
    echo "sorting the words of ${words}"
    sort -u ${words} > $out
  '' { };
in
mkShell "word-report" ''
  echo "writing the report"
  mkdir -p $out/bin
  {
    echo "words: $(cat ${counts.stats}/total)"
    echo "most used:"
    head -n 3 ${counts}/counts
    echo "distinct:"
    cat ${sorted}
  } > $out/report.txt
  printf '#!%s/busybox sh\ncat %s/report.txt\n' ${bb} $out > $out/bin/show-report
  chmod +x $out/bin/show-report
'' { }
