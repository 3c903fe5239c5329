(import ./lib/throws-dir) + 1
