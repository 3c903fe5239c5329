{ lib, buildPythonPackage, fetchPypi, pytestCheckHook }:

buildPythonPackage rec {
  pname = "pyloka";
  version = "2014";
  format = "wheel";

  src = fetchPypi {
    inherit pname version;
    hash = "sha256-Bo8ZB1K7Gx8XoUw4P3Ta6IR3wy7xNMhE7ftC4Xfg7vY=";
  };

  propagatedBuildInputs = [ ];
  pythonImportsCheck = [ (lib.replaceStrings [ "-" ] [ "_" ] pname) ];

  meta = with lib; {
    description = "The pyloka library, generated";
    homepage = "https://example.org/projects/pyloka";
    license = licenses.zlib;
    platforms = platforms.all;
    maintainers = with maintainers; [ ];
  };
}
