{ lib, buildPythonPackage, fetchPypi, pytestCheckHook, pydordorsen, pykamipul }:

buildPythonPackage rec {
  pname = "pygrapul";
  version = "0.0.29";
  format = "setuptools";

  src = fetchPypi {
    inherit pname version;
    sha256 = "a36fafa5a862dd765e881c7e6199473f1784eda16e3e5e2613ebe4e0f7739176";
  };

  nativeBuildInputs = [ pytestCheckHook ];
  propagatedBuildInputs = [ pydordorsen pykamipul ];
  pythonImportsCheck = [ (lib.replaceStrings [ "-" ] [ "_" ] pname) ];

  meta = with lib; {
    description = "The pygrapul library, generated";
    homepage = "https://example.org/projects/pygrapul";
    license = licenses.gpl3Only;
    platforms = platforms.all;
    maintainers = with maintainers; [ ];
  };
}
