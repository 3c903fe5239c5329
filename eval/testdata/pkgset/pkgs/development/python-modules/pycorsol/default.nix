{ lib, buildPythonPackage, fetchPypi, pytestCheckHook, pygraex, pyzipzip }:

buildPythonPackage rec {
  pname = "pycorsol";
  version = "0.16";
  format = "pyproject";

  src = fetchPypi {
    inherit pname version;
    sha256 = "04g1mn0ggzpl3yzfhvd5zfrs79k2qs21rkmxq7m7k08bh8mb1259";
  };

  propagatedBuildInputs = [ pygraex pyzipzip ];
  pythonImportsCheck = [ (lib.replaceStrings [ "-" ] [ "_" ] pname) ];

  meta = with lib; {
    description = "The pycorsol library, generated";
    homepage = "https://example.org/projects/pycorsol";
    license = licenses.bsd3;
    platforms = platforms.all;
    maintainers = with maintainers; [ bob carol ];
  };
}
