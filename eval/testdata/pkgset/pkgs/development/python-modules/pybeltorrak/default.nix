{ lib, buildPythonPackage, fetchPypi, pytestCheckHook, pyabdorqui, pymisolpul }:

buildPythonPackage rec {
  pname = "pybeltorrak";
  version = "2.2.1";
  format = "setuptools";

  src = fetchPypi {
    inherit pname version;
    sha256 = "c28240bcedfe1d5a3c0544e7e78df33510884bdcb864b439b669864a8dae4c8d";
  };

  propagatedBuildInputs = [ pyabdorqui pymisolpul ];
  pythonImportsCheck = [ (lib.replaceStrings [ "-" ] [ "_" ] pname) ];

  meta = with lib; {
    description = "The pybeltorrak library, generated";
    homepage = "https://example.org/projects/pybeltorrak";
    license = licenses.bsd3;
    platforms = platforms.all;
    maintainers = with maintainers; [ bob ];
  };
}
