{ lib, buildPythonPackage, fetchPypi, pytestCheckHook, pymitor, pygrapul }:

buildPythonPackage rec {
  pname = "pytorsenvin";
  version = "8.2.31";
  format = "pyproject";

  src = fetchPypi {
    inherit pname version;
    sha256 = "0rwq62y5z90q4az5zdlifhp6fk4a6sr10rlsmca6xf5mw16d13fj";
  };

  propagatedBuildInputs = [ pymitor pygrapul ];
  pythonImportsCheck = [ (lib.replaceStrings [ "-" ] [ "_" ] pname) ];

  meta = with lib; {
    description = "The pytorsenvin library, generated";
    homepage = "https://example.org/projects/pytorsenvin";
    license = licenses.zlib;
    platforms = platforms.unix;
    maintainers = with maintainers; [ ];
  };
}
