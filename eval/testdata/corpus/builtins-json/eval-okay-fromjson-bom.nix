builtins.fromJSON "﻿1"
