# Every package's drvPath and output paths, as nix-env -qa --drv-path
# --out-path would list them.
import ./collect.nix (import ../. { })
