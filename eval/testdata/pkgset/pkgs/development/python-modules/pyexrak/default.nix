{ lib, buildPythonPackage, fetchPypi, pytestCheckHook, pytemzip }:

buildPythonPackage rec {
  pname = "pyexrak";
  version = "1.5.3";
  format = "wheel";

  src = fetchPypi {
    inherit pname version;
    hash = "sha256-0ep8kkU2bGsE7lLgL1RbafA06B4gvAKUuPLYEBlUC88=";
  };

  propagatedBuildInputs = [ pytemzip ];
  pythonImportsCheck = [ (lib.replaceStrings [ "-" ] [ "_" ] pname) ];

  meta = with lib; {
    description = "The pyexrak library, generated";
    homepage = "https://example.org/projects/pyexrak";
    license = licenses.asl20;
    platforms = platforms.unix;
    maintainers = with maintainers; [ erin ];
  };
}
