# The package set with overlays (an overrideAttrs, an override, a scope
# overlay, a new package using super) and config.packageOverrides.
let
  pkgs = import ../. {
    config = {
      allowUnfree = true;
      packageOverrides = p: {
        hello = p.hello.overrideAttrs (old: { doCheck = false; });
        perlPackages = p.perlPackages // { recurseForDerivations = false; };
      };
    };
    overlays = [
      (self: super: {
        zlib = super.zlib.overrideAttrs (old: {
          patches = old.patches or [ ] ++ [ ./zlib-overlay.patch ];
          passthru = old.passthru // { overlaid = true; };
        });
        openssl = super.openssl.override { withDocs = true; };
      })
      (self: super: {
        python3Packages = super.python3Packages.overrideScope (pself: psuper: {
          pytestCheckHook = psuper.pytestCheckHook.overrideAttrs (_: { doCheck = false; });
        });
        overlayTool = self.stdenv.mkDerivation {
          pname = "overlay-tool";
          version = self.lib.versions.pad 3 super.curl.version;
          src = self.fetchurl { url = "https://example.org/overlay-tool.tgz"; sha256 = self.lib.fixedWidthString 64 "0" "1"; };
          buildInputs = [ self.zlib self.curl ];
        };
      })
    ];
  };
in
assert pkgs.zlib.overlaid;
import ./collect.nix pkgs
