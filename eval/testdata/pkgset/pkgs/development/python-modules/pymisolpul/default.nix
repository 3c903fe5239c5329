{ lib, buildPythonPackage, fetchPypi, pytestCheckHook, pygrawarsol }:

buildPythonPackage rec {
  pname = "pymisolpul";
  version = "4.15.30";
  format = "setuptools";

  src = fetchPypi {
    inherit pname version;
    sha256 = "a8912c5b11aa86b09eb485553b3162f074ca927992f3e75f1b30ad2f8e6a6de7";
  };

  propagatedBuildInputs = [ pygrawarsol ];
  pythonImportsCheck = [ (lib.replaceStrings [ "-" ] [ "_" ] pname) ];

  meta = with lib; {
    description = "The pymisolpul library, generated";
    homepage = "https://example.org/projects/pymisolpul";
    license = licenses.bsd3;
    platforms = platforms.unix;
    maintainers = with maintainers; [ ];
  };
}
