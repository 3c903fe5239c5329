{ lib, buildPythonPackage, fetchPypi, pytestCheckHook, pymicordor }:

buildPythonPackage rec {
  pname = "pyrakmitor";
  version = "0.12";
  format = "wheel";

  src = fetchPypi {
    inherit pname version;
    hash = "sha256-e7d+kqkodt7qLxpB1ZM6Hgtwyh3hWXRIS/sZiXscYWk=";
  };

  propagatedBuildInputs = [ pymicordor ];
  pythonImportsCheck = [ (lib.replaceStrings [ "-" ] [ "_" ] pname) ];

  meta = with lib; {
    description = "The pyrakmitor library, generated";
    homepage = "https://example.org/projects/pyrakmitor";
    license = licenses.bsd3;
    platforms = platforms.linux;
    maintainers = with maintainers; [ carol ];
  };
}
