{ lib, buildPythonPackage, fetchPypi, pytestCheckHook, pyzipzip }:

buildPythonPackage rec {
  pname = "pykamipul";
  version = "4.19.16";
  format = "wheel";

  src = fetchPypi {
    inherit pname version;
    hash = "sha256-nSWxjjsH0jiKsrp1zRncbZH2b7K0qsZFaVkAmCwhtDg=";
  };

  propagatedBuildInputs = [ pyzipzip ];
  pythonImportsCheck = [ (lib.replaceStrings [ "-" ] [ "_" ] pname) ];

  meta = with lib; {
    description = "The pykamipul library, generated";
    homepage = "https://example.org/projects/pykamipul";
    license = licenses.zlib;
    platforms = platforms.all;
    maintainers = with maintainers; [ dave ];
  };
}
