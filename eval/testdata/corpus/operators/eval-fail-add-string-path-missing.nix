"x" + ./eval-fail-add-string-path-missing.absent
