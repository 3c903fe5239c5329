{ lib, buildPythonPackage, fetchPypi, pytestCheckHook, pynuwarab, pytemtorab, pyrakqui }:

buildPythonPackage rec {
  pname = "pyfydorex";
  version = "3.4.5";
  format = "pyproject";

  src = fetchPypi {
    inherit pname version;
    sha256 = "04rdv7dnjpafrkrqzwcnly6cg1613x2k2p319lz47h3jzv8iwr7m";
  };

  propagatedBuildInputs = [ pynuwarab pytemtorab pyrakqui ];
  pythonImportsCheck = [ (lib.replaceStrings [ "-" ] [ "_" ] pname) ];

  meta = with lib; {
    description = "The pyfydorex library, generated";
    homepage = "https://example.org/projects/pyfydorex";
    license = licenses.asl20;
    platforms = platforms.unix;
    maintainers = with maintainers; [ ];
  };
}
