"/abc" + ./eval-fail-string-plus-path-copies-missing.absent
