# Builders for small derivations: text files, scripts, commands, joins.
{ lib, stdenv }:
rec {
  runCommand = name: env: buildCommand:
    stdenv.mkDerivation ({
      inherit name buildCommand;
      passAsFile = [ "buildCommand" ];
      builder = ./run-command.sh;
    } // env);

  writeTextFile = { name, text, executable ? false, destination ? "" }:
    runCommand name
      {
        inherit text executable destination;
        passAsFile = [ "text" ];
        preferLocalBuild = true;
        allowSubstitutes = false;
      }
      ''
        target=$out${lib.escapeShellArg destination}
        mkdir -p "$(dirname "$target")"
        cp "$textPath" "$target"
        ${lib.optionalString executable "chmod +x \"$target\""}
      '';

  writeText = name: text: writeTextFile { inherit name text; };
  writeScript = name: text: writeTextFile { inherit name text; executable = true; };
  writeScriptBin = name: text:
    writeTextFile { inherit name text; executable = true; destination = "/bin/${name}"; };
  writeShellScriptBin = name: text:
    writeScriptBin name ''
      #!${stdenv.shell}
      ${text}
    '';

  symlinkJoin = { name, paths, postBuild ? "", ... }@args:
    runCommand name
      (builtins.removeAttrs args [ "name" "postBuild" ] // {
        inherit postBuild;
        paths = map lib.getBin paths;
      })
      ''
        mkdir -p $out
        for i in $paths; do cp -rs $i/. $out/; done
        ${postBuild}
      '';
}
