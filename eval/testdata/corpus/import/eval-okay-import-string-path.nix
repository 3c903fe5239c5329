(import (toString ./lib/value.nix)).x
