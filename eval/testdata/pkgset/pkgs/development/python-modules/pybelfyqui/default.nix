{ lib, buildPythonPackage, fetchPypi, pytestCheckHook, pygraex }:

buildPythonPackage rec {
  pname = "pybelfyqui";
  version = "3.20";
  format = "pyproject";

  src = fetchPypi {
    inherit pname version;
    sha256 = "1lsg0r8incgrd7s4rgln933fns5m670dg06maxvmvhpkqdq8f6kn";
  };

  propagatedBuildInputs = [ pygraex ];
  pythonImportsCheck = [ (lib.replaceStrings [ "-" ] [ "_" ] pname) ];

  meta = with lib; {
    description = "The pybelfyqui library, generated";
    homepage = "https://example.org/projects/pybelfyqui";
    license = licenses.gpl2Plus;
    platforms = platforms.unix;
    maintainers = with maintainers; [ bob dave ];
  };
}
