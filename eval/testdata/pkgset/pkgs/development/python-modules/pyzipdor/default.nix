{ lib, buildPythonPackage, fetchPypi, pytestCheckHook, pybeltor }:

buildPythonPackage rec {
  pname = "pyzipdor";
  version = "2.3.9";
  format = "wheel";

  src = fetchPypi {
    inherit pname version;
    hash = "sha256-zeGqiNLoSNSUVwcXq0Y+di/LbJLcSOufi49d+t4XfCA=";
  };

  propagatedBuildInputs = [ pybeltor ];
  pythonImportsCheck = [ (lib.replaceStrings [ "-" ] [ "_" ] pname) ];

  meta = with lib; {
    description = "The pyzipdor library, generated";
    homepage = "https://example.org/projects/pyzipdor";
    license = licenses.lgpl21;
    platforms = platforms.linux;
    maintainers = with maintainers; [ alice ];
  };
}
